"""Who may see a school's private workspace (and change it), its register entry and a trust's side-by-side view.

Same contract as every access function (uplift/accounts/access.py): ``Http404`` when the user may not know
the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked. The role-scoped
list of schools itself is ``School.objects.visible_to(user)`` (uplift/schools/models.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.accounts.access import manager_scope, roles_for, school_role
from uplift.accounts.models import SCHOOL_MANAGE_ROLE, SCHOOL_WRITE_ROLE, User
from uplift.schools.models import School, Trust


def can_write_school(user: User, school: School) -> bool:
    """Whether the person may change the school's own work (assessment, evidence, actions): a member who is a
    teacher or above. Pages call it, after ``get_school_for_user``, to show or hide the controls."""
    role = school_role(user, school)
    return role is not None and role >= SCHOOL_WRITE_ROLE


def can_manage_school(user: User, school: School) -> bool:
    """Whether the person may manage the school's people and apply on its behalf: a senior leader or its
    computing lead."""
    role = school_role(user, school)
    return role is not None and role >= SCHOOL_MANAGE_ROLE


def get_school_for_user(user: User, urn: int, *, write: bool = False, manage: bool = False) -> School:
    """The school whose private workspace the user may see (see ``SchoolQuerySet.visible_to``).

    ``write=True`` also requires a member who may change the school's work (teacher or above);
    ``manage=True`` requires a member who may manage its people (senior leader or above).
    Programme staff and trust leads see a school read-only.
    """
    school = School.objects.visible_to(user).filter(urn=urn).select_related("trust", "region").first()
    if school is None:
        raise Http404("No such school")
    if (manage and not can_manage_school(user, school)) or (write and not can_write_school(user, school)):
        raise PermissionDenied("You can see this school but not change it.")
    return school


def get_register_school(user: User, urn: int) -> School:
    """A school's public register entry: every signed-in person may see it (for finding a school)."""
    if not user.is_authenticated:
        raise Http404("No such school")
    school = School.objects.select_related("local_authority", "region", "trust").filter(urn=urn).first()
    if school is None:
        raise Http404("No such school")
    return school


def can_see_trust(user: User, trust: Trust) -> bool:
    """The rule of ``get_trust_for_user``: the trust's leads, and programme managers whose scope covers every
    one of its schools (the side-by-side view shows them all: a trust spanning regions is for national
    managers)."""
    if trust.pk in roles_for(user).trust_ids:
        return True
    scope = manager_scope(user)
    if scope is None:
        return False
    if scope.national:
        return True
    schools = School.objects.filter(trust=trust)
    return schools.exists() and not schools.exclude(scope.schools()).exists()


def get_trust_for_user(user: User, trust_id: int) -> Trust:
    """A trust whose side-by-side view the user may see (``can_see_trust``); 404 for everyone else."""
    trust = Trust.objects.filter(pk=trust_id).first()
    if trust is None or not user.is_authenticated or not can_see_trust(user, trust):
        raise Http404("No such trust")
    return trust
