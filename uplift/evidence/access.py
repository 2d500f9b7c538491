"""Who may see or change an item of a school's evidence library.

Same contract as every access function (see uplift/accounts/access.py): ``Http404`` when the user may not
know the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.
"""

from __future__ import annotations

from django.http import Http404

from uplift.accounts.models import User
from uplift.evidence.models import EvidenceItem
from uplift.schools.access import get_school_for_user


def get_evidence_for_user(user: User, urn: int, pk: int, *, write: bool = False) -> EvidenceItem:
    """An item of the school's evidence library, with the school's rule (``get_school_for_user``).

    404 when the user may not see the school, or the item belongs to another school (even one the
    user can see: the URN in the address must be the item's own); 403 for a reader asking to change it.
    """

    school = get_school_for_user(user, urn, write=write)
    item = EvidenceItem.objects.filter(school=school, pk=pk).select_related("school", "added_by").first()
    if item is None:
        raise Http404("No such evidence")
    return item
