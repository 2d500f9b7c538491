"""Who may see or change CPD ledger entries and records.

Same contract as every access function (see uplift/accounts/access.py): ``Http404`` when the user may not
know the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.

- a person's own record ("My CPD", its export, claims): every signed-in person keeps their own;
- one entry: its teacher only (anyone else 404: nobody learns what another teacher claimed);
- a school's staff CPD: the school's leaders (senior leader or computing lead) and programme managers whose
  scope covers the school; others who may see the school (its teachers and governors, trust leads, advisors,
  hub leads) get 403, everyone else 404;
- the programme's totals: programme managers (a regional manager's totals cover their region's schools).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.accounts.access import ManagerScope, manager_scope, require_manager_scope, school_role
from uplift.accounts.models import SCHOOL_MANAGE_ROLE, User
from uplift.cpd.models import Entry
from uplift.schools.access import get_school_for_user
from uplift.schools.models import School


def require_cpd_person(user: User) -> User:
    """The person whose own CPD record the page is about (themself): 404 when signed out."""
    if not user.is_authenticated:
        raise Http404("Page not found")
    return user


# What a person wants to do with one ledger entry (``get_entry_for_user``).
ENTRY_ACTS = ("view", "withdraw")


def get_entry_for_user(user: User, pk: int, *, act: str = "view") -> Entry:
    """One ledger entry, for one of ``ENTRY_ACTS``: its own teacher only (everyone else 404). ``withdraw``
    needs a self-reported claim that still counts (a verified or withdrawn entry: 403)."""
    if act not in ENTRY_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such CPD entry")
    entry = Entry.objects.select_related("school").filter(pk=pk, teacher=user).first()
    if entry is None:
        raise Http404("No such CPD entry")
    if act == "withdraw" and not entry.is_withdrawable:
        raise PermissionDenied(
            "Only your own self-reported claims are withdrawn; verified CPD follows the activity it came from."
        )
    return entry


def can_see_staff_cpd(user: User, school: School) -> bool:
    """The rule of ``get_school_cpd_for_user``: the school's leaders and managers covering the school."""
    role = school_role(user, school)
    if role is not None and role >= SCHOOL_MANAGE_ROLE:
        return True
    scope = manager_scope(user)
    return scope is not None and scope.covers_school(school)


def get_school_cpd_for_user(user: User, urn: int) -> School:
    """The school whose staff CPD the user may read (see the module docstring)."""
    school = get_school_for_user(user, urn)
    if not can_see_staff_cpd(user, school):
        raise PermissionDenied("A school's staff CPD is read by its senior leaders and computing lead.")
    return school


def require_programme_cpd(user: User) -> ManagerScope:
    """The manager's scope for the programme's CPD totals (signed-in non-managers 403, signed out 404)."""
    return require_manager_scope(user, "The programme's CPD totals are for programme managers.")
