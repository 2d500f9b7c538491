"""Who may see or change a school's improvement actions.

Same contract as every access function (see uplift/accounts/access.py): ``Http404`` when the user may not
know the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.
"""

from __future__ import annotations

from django.http import Http404

from uplift.accounts.models import User
from uplift.actions.models import Action
from uplift.schools.access import get_school_for_user


def get_action_for_user(user: User, urn: int, pk: int, *, write: bool = False) -> Action:
    """One of the school's improvement actions, with the school's rule (``get_school_for_user``).

    404 when the user may not see the school or the action is another school's; 403 for a reader
    asking to change it.
    """

    school = get_school_for_user(user, urn, write=write)
    action = (
        Action.objects.filter(school=school, pk=pk)
        .select_related("school", "owner", "dimension", "aspect", "updated_by")
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action
