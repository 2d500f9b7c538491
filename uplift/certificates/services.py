"""Issuing certificates. A certificate is issued once per school and kind; later downloads reuse it."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from uplift.accounts.models import User
from uplift.certificates.models import Certificate, CertificateKind
from uplift.schools.models import School

PROGRESS_THRESHOLD_PERCENT = 50


def _progress_percent(school: School) -> int:
    from uplift.assessments.selectors import school_progress

    progress = school_progress(school)
    return progress.percent if progress else 0


class CertificateNotAvailable(Exception):
    """The school has not (yet) met the condition for this certificate; the message says why."""


def certificate_availability(*, school: School, kind: CertificateKind) -> tuple[bool, str]:
    """Whether the school may have the certificate now, and a sentence saying why (not)."""
    if kind == CertificateKind.COMMITMENT:
        if school.memberships.exists():
            return True, "Available: your school has joined Uplift."
        return False, "Available once someone from the school has joined Uplift."
    percent = _progress_percent(school)
    if percent >= PROGRESS_THRESHOLD_PERCENT:
        return True, f"Available: your self-assessment is {percent}% complete."
    return False, (
        f"Available when your self-assessment is at least {PROGRESS_THRESHOLD_PERCENT}% complete "
        f"(it is {percent}% now)."
    )


def certificate_issue(*, school: School, kind: CertificateKind, by: User) -> Certificate:
    """The school's certificate of this kind, issuing it now if it has none yet.

    Raises ``CertificateNotAvailable`` when the school does not meet the condition.
    """
    existing = Certificate.objects.filter(school=school, kind=kind).first()
    if existing:
        return existing
    available, reason = certificate_availability(school=school, kind=kind)
    if not available:
        raise CertificateNotAvailable(reason)
    progress = _progress_percent(school) if kind == CertificateKind.PROGRESS else None
    for _ in range(5):  # a number collision is astronomically unlikely; retry rather than fail
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=Certificate.new_number(),
                    kind=kind,
                    school=school,
                    school_name=school.name,
                    issued_by=by,
                    progress_percent=progress,
                )
        except IntegrityError:
            existing = Certificate.objects.filter(school=school, kind=kind).first()
            if existing:  # issued by a colleague at the same moment
                return existing
    raise RuntimeError("Could not allocate a certificate number")
