"""Who may manage a Computing Clusters cohort, and see, withdraw or consent to a school's application.

Same contract as every access function (uplift/accounts/access.py): ``Http404`` when the user may not know
the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.

A cohort is national (no region: managed by national programme managers) or regional (managed by the
managers of its region too: ``ManagerScope.covers_region``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from uplift.accounts.access import ManagerScope, manager_scope, require_manager_scope, school_role
from uplift.accounts.models import SchoolRole, User
from uplift.cohorts.models import Cohort, CohortApplication
from uplift.schools.access import get_school_for_user
from uplift.schools.models import School


def require_cohort_manager(user: User) -> ManagerScope:
    """The manager's scope, for the pages about cohorts in general (the list, creating one): programme
    managers only. A signed-in person who is not one gets 403 (the page exists, it is not theirs)."""
    return require_manager_scope(user, "Only a programme manager manages cohorts.")


def manages_cohort(user: User, cohort: Cohort) -> bool:
    """Whether the person manages the cohort: a programme manager whose scope covers its region (a national
    cohort: national managers only)."""
    scope = manager_scope(user)
    return scope is not None and scope.covers_region(cohort.region_id)


def cohorts_for_user(user: User) -> QuerySet[Cohort]:
    """The cohorts the person manages (``manages_cohort``): every cohort for a national manager, their
    regions' for a regional one, none for anyone else."""
    scope = manager_scope(user)
    if scope is None:
        return Cohort.objects.none()
    return Cohort.objects.filter(scope.regions()).select_related("region")


def get_cohort_for_user(user: User, pk: int) -> Cohort:
    """A Computing Clusters cohort, for its management pages (settings, applications, matching, impact):
    the programme managers who manage it (``manages_cohort``). A signed-in person who is not a manager gets
    403 (the page exists, it is not theirs); a manager whose scope does not cover it, an unknown cohort or a
    signed-out visitor gets 404."""
    require_cohort_manager(user)
    cohort = Cohort.objects.select_related("region").filter(pk=pk).first()
    if cohort is None or not manages_cohort(user, cohort):
        raise Http404("No such cohort")
    return cohort


def cohorts_open_to(school: School) -> Q:
    """The cohorts a school may apply to, as a filter: national ones and its own region's."""
    return Q(region__isnull=True) | Q(region_id=school.region_id)


def get_cohort_for_school(school: School, pk: int) -> Cohort:
    """A cohort the school may apply to (``cohorts_open_to``), after ``get_school_for_user``; 404 for an
    unknown cohort or another region's."""
    cohort = Cohort.objects.filter(cohorts_open_to(school), pk=pk).first()
    if cohort is None:
        raise Http404("No such cohort")
    return cohort


def is_senior_leader(user: User, school: School) -> bool:
    """A senior leader of the school: the person who gives the school's consent to take part."""
    return school_role(user, school) == SchoolRole.SENIOR_LEADER


# What a person wants to do with a school's cohort application (``get_cohort_application_for_user``).
COHORT_APPLICATION_ACTS = ("view", "withdraw", "consent")


def get_cohort_application_for_user(user: User, urn: int, pk: int, *, act: str = "view") -> CohortApplication:
    """A school's application to a Computing Clusters cohort, for one of ``COHORT_APPLICATION_ACTS``:

    - ``view``: whoever may see the school's workspace (``get_school_for_user``);
    - ``withdraw``: the school's senior leaders and computing lead (``manage=True``; other readers 403);
    - ``consent``: a senior leader of the school only (role exactly "senior leader": the computing lead
      who applies needs a senior leader's agreement, so leads and everyone else who may see it get 403).

    404 when the user may not see the school or the application is another school's.
    """
    if act not in COHORT_APPLICATION_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    school = get_school_for_user(user, urn, manage=act != "view")
    application = (
        CohortApplication.objects.select_related("cohort", "school", "applied_by", "consent_by")
        .filter(school=school, pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    if act == "consent" and not is_senior_leader(user, school):
        raise PermissionDenied("Only a senior leader of the school gives consent.")
    return application
