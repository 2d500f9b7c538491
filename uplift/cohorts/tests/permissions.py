"""The cohorts app's routes in the permission matrix (see uplift/testing/matrix.py).

- Cohort pages (list, create, detail, edit, CSV) and the cohorts API: programme managers only; everyone
  else signed in gets 403. One cohort (``get_cohort_for_user``): its managers (national, or its region's:
  manager_b manages school B's region's cohort), other managers 404. Empty posts from a manager are
  refused by the form.
- The school's Computing Clusters page: whoever sees the school's workspace (``SCHOOL_READ_*``).
- Applying and withdrawing: the school's senior leaders and computing lead (``manage=True``); other
  readers 403.
- Consent: a senior leader of the school only (the cast's ``head`` at school A; school B has none), so
  the computing lead and every other reader get 403.

"own" is school A with an application of its own; "foreign" school B with its own. The cohort itself
belongs to no school: both sides get a fresh open cohort.
"""

from __future__ import annotations

from uplift.cohorts.models import CohortApplicationStatus
from uplift.cohorts.tests.factories import CohortApplicationFactory, CohortFactory
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    COHORT_MANAGERS_FOREIGN,
    COHORT_MANAGERS_OWN,
    FORBIDDEN,
    INVALID,
    LOGIN,
    NOT_FOUND,
    OK,
    PROGRAMME_MANAGERS_ONLY,
    SCHOOL_A_MANAGERS,
    SCHOOL_A_READERS,
    SCHOOL_B_MANAGERS,
    SCHOOL_B_MEMBERS,
    SCHOOL_B_READERS,
    UNAUTHORIZED,
    Route,
    Side,
    api,
    each,
    expect,
    for_api,
)
from uplift.testing.matrix import SCHOOL_READ_FOREIGN as READ_FOREIGN
from uplift.testing.matrix import SCHOOL_READ_OWN as READ_OWN

MANAGERS_INVALID = expect(FORBIDDEN, anonymous=LOGIN, manager=INVALID, manager_b=INVALID)
# Posting to one cohort: its managers are let in and the empty form is refused; other managers 404.
EDIT_OWN = {**COHORT_MANAGERS_OWN, "manager": INVALID}
EDIT_FOREIGN = {**COHORT_MANAGERS_FOREIGN, "manager": INVALID, "manager_b": INVALID}
MANAGE_OWN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    **each(("teacher", "governor"), FORBIDDEN),
    **each(SCHOOL_A_READERS, FORBIDDEN),
    **each(SCHOOL_A_MANAGERS, OK),
)
MANAGE_FOREIGN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    teacher_b=FORBIDDEN,
    **each(SCHOOL_B_READERS, FORBIDDEN),
    **each(SCHOOL_B_MANAGERS, OK),
)
# Consent: only a senior leader (head); every other person who may manage or read the school gets 403.
CONSENT_OWN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    **each(("lead", "teacher", "governor"), FORBIDDEN),
    **each(SCHOOL_A_READERS, FORBIDDEN),
    head=OK,
)
CONSENT_FOREIGN = expect(
    NOT_FOUND, anonymous=LOGIN, **each(SCHOOL_B_MEMBERS, FORBIDDEN), **each(SCHOOL_B_READERS, FORBIDDEN)
)
API_MANAGERS_ONLY = expect(FORBIDDEN, anonymous=UNAUTHORIZED, manager=OK, manager_b=OK)
API_COHORT_OWN = for_api(COHORT_MANAGERS_OWN)
API_COHORT_FOREIGN = for_api(COHORT_MANAGERS_FOREIGN)


def school_of(cast: Cast, side: Side):
    return cast.school_a if side == "own" else cast.school_b


def regional_cohort(cast: Cast, side: Side):
    """A cohort of the side's region: "own" school A's (North West), "foreign" school B's (London)."""
    return CohortFactory(region=cast.region_a if side == "own" else cast.region_b)


def cohort_pk(cast: Cast, side: Side) -> list[int]:
    return [regional_cohort(cast, side).pk]


def cohort_kw(cast: Cast, side: Side) -> dict[str, int]:
    return {"cohort_id": regional_cohort(cast, side).pk}


def school_urn(cast: Cast, side: Side) -> list[int]:
    return [school_of(cast, side).urn]


def school_and_cohort(cast: Cast, side: Side) -> list[int]:
    return [school_of(cast, side).urn, CohortFactory().pk]


def school_and_application(cast: Cast, side: Side) -> list[int]:
    application = CohortApplicationFactory(
        school=school_of(cast, side), status=CohortApplicationStatus.AWAITING_CONSENT
    )
    return [application.school.urn, application.pk]


ROUTES = [
    Route("cohorts:list", PROGRAMME_MANAGERS_ONLY),
    Route("cohorts:create", PROGRAMME_MANAGERS_ONLY),
    Route("cohorts:create", MANAGERS_INVALID, methods=("POST",)),
    Route("cohorts:detail", COHORT_MANAGERS_OWN, foreign=COHORT_MANAGERS_FOREIGN, args=cohort_pk),
    Route("cohorts:edit", COHORT_MANAGERS_OWN, foreign=COHORT_MANAGERS_FOREIGN, args=cohort_pk),
    Route("cohorts:edit", EDIT_OWN, foreign=EDIT_FOREIGN, args=cohort_pk, methods=("POST",)),
    Route("cohorts:applications_csv", COHORT_MANAGERS_OWN, foreign=COHORT_MANAGERS_FOREIGN, args=cohort_pk),
    Route("cohorts:school", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    # School A and B have no self-assessment in the cast: a POST is answered with the reasons (200).
    Route("cohorts:apply", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=school_and_cohort, methods=("GET", "POST")),
    Route("cohorts:consent", CONSENT_OWN, foreign=CONSENT_FOREIGN, args=school_and_application),
    Route(
        "cohorts:consent",
        {**CONSENT_OWN, "head": INVALID},
        foreign=CONSENT_FOREIGN,
        args=school_and_application,
        methods=("POST",),
    ),
    Route("cohorts:withdraw", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=school_and_application, methods=("POST",)),
    api("GET", "/api/v1/cohorts", expect=API_MANAGERS_ONLY),
    api(
        "GET",
        "/api/v1/cohorts/{cohort_id}/applications",
        expect=API_COHORT_OWN,
        foreign=API_COHORT_FOREIGN,
        args=cohort_kw,
    ),
]
