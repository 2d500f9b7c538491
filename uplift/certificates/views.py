from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from uplift.certificates.forms import VerifyForm
from uplift.certificates.models import Certificate, CertificateKind
from uplift.certificates.services import CertificateNotAvailable, certificate_availability, certificate_issue
from uplift.lib.pdf import pdf_response
from uplift.schools.access import get_school_for_user


@login_required
def school_certificates(request: HttpRequest, urn: int) -> HttpResponse:
    """The school's certificates: which are available, why not yet, and their numbers once issued."""
    school = get_school_for_user(request.user, urn)
    issued = {c.kind: c for c in school.certificates.all()}
    rows = []
    for kind in CertificateKind:
        available, reason = certificate_availability(school=school, kind=kind)
        rows.append({"kind": kind, "available": available, "reason": reason, "certificate": issued.get(kind)})
    return render(request, "certificates/school.html", {"school": school, "rows": rows})


@login_required
def download(request: HttpRequest, urn: int, kind: str) -> HttpResponse:
    """The certificate as a PDF, issued on first download when the school meets its condition."""
    school = get_school_for_user(request.user, urn)
    if kind not in CertificateKind.values:
        raise Http404("No such certificate")
    try:
        certificate = certificate_issue(school=school, kind=CertificateKind(kind), by=request.user)
    except CertificateNotAvailable as exc:
        return render(request, "certificates/not_available.html", {"school": school, "reason": str(exc)}, status=409)
    return pdf_response(
        "certificates/certificate_pdf.html",
        {"certificate": certificate, "now": timezone.now()},
        filename=f"uplift-{kind}-{certificate.number}.pdf",
    )


def verify_lookup(request: HttpRequest) -> HttpResponse:
    """Public: type a certificate number to check it."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", number=form.cleaned_data["number"])
    return render(request, "certificates/verify_lookup.html", {"form": form})


def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: confirms a certificate (kind, school name, date) and reveals nothing else."""
    certificate = Certificate.objects.filter(number=number.strip().upper()).first()
    status = 200 if certificate else 404
    return render(request, "certificates/verify.html", {"certificate": certificate, "number": number}, status=status)
