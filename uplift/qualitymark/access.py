"""Who may see or act on a Quality Mark application.

Same contract as every access function (see uplift/accounts/access.py): ``Http404`` when the user may not
know the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.accounts.access import manager_scope, programme_roles
from uplift.accounts.models import ProgrammeRole, User
from uplift.qualitymark.models import Application
from uplift.schools.models import School


def manages_application(user: User, application: Application) -> bool:
    """Whether ``user`` is a programme manager whose scope (``manager_scope``) covers the application's school."""
    scope = manager_scope(user)
    return scope is not None and scope.covers_school(application.school)


# What a person wants to do with a Quality Mark application (``get_application_for_user``).
APPLICATION_ACTS = ("view", "review", "assess", "moderate", "manage")


def get_application_for_user(user: User, pk: int, *, act: str = "view") -> Application:
    """A Quality Mark application, for one of ``APPLICATION_ACTS``:

    - ``view``: its school's side (the application and, once decided, its feedback) and its frozen
      evidence: whoever may see the school's workspace, its assessor and moderator, programme managers;
    - ``review``: the review in progress (read): the allocated assessor, the moderator and programme
      managers only - the school does not see the review until the decision (404 for everyone else);
    - ``assess``: record aspect outcomes and decide: the allocated assessor only (the others who may
      review get 403);
    - ``moderate``: the second look before release: the moderator only (the others who may review get 403);
    - ``manage``: reassign, settle a moderation disagreement, revoke: programme managers only (the others
      who may review get 403).

    Assessor and moderator count only while they hold the assessor role. Programme managers count
    within their scope (``accounts.access.manager_scope``): a national manager every application,
    a regional (or hub) manager those of schools in their region (or hub).
    """

    if act not in APPLICATION_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such application")
    application = (
        Application.objects.select_related("school", "school__region", "school__trust", "assessor", "parent")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    is_assessor_role = ProgrammeRole.ASSESSOR in programme_roles(user)
    is_assessor = is_assessor_role and application.assessor_id == user.pk
    is_moderator = is_assessor_role and application.moderator_id == user.pk
    is_manager = manages_application(user, application)
    if act == "view":
        if is_assessor or is_moderator or is_manager:
            return application
        if School.objects.visible_to(user).filter(pk=application.school_id).exists():
            return application
        raise Http404("No such application")
    if not (is_assessor or is_moderator or is_manager):
        raise Http404("No such application")
    if act == "assess" and not is_assessor:
        raise PermissionDenied("Only the allocated assessor records the review and decides.")
    if act == "moderate" and not is_moderator:
        raise PermissionDenied("Only the moderator records the moderation.")
    if act == "manage" and not is_manager:
        raise PermissionDenied("Only a programme manager does that.")
    return application
