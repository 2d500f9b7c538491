"""The national register of schools (from GIAS), with trusts, local authorities and regions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone

from uplift.lib.geo import bng_to_latlon

if TYPE_CHECKING:
    from uplift.accounts.models import User


class Region(models.Model):
    """A GIAS government office region (GOR), e.g. "North West"."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    name = models.CharField(max_length=120, unique=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="local_authorities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Trust(models.Model):
    """A multi-academy trust (GIAS "Trusts (name)")."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    """GIAS phases of education; the labels are GIAS's own spelling."""

    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE_PRIMARY = "middle_primary", "Middle deemed primary"
    MIDDLE_SECONDARY = "middle_secondary", "Middle deemed secondary"
    SECONDARY = "secondary", "Secondary"
    SIXTEEN_PLUS = "16_plus", "16 plus"
    ALL_THROUGH = "all_through", "All-through"
    NOT_APPLICABLE = "not_applicable", "Not applicable"

    @classmethod
    def from_gias(cls, label: str) -> Phase | None:
        """The phase for a GIAS label, or None if GIAS has no such phase."""
        wanted = label.strip().lower()
        for choice in cls:
            if choice.label.lower() == wanted:
                return choice
        return None

    @property
    def framework_phase(self) -> str:
        """The framework's wording variant (primary or secondary) for this phase."""
        return "primary" if self in {Phase.NURSERY, Phase.PRIMARY, Phase.MIDDLE_PRIMARY} else "secondary"


# Straight and curly apostrophes: GIAS spells "St Mary's" both ways, and people type it with or without.
APOSTROPHES = ("'", "\u2019", "\u2018")


class SchoolQuerySet(models.QuerySet["School"]):
    def search(self, query: str) -> SchoolQuerySet:
        """Schools matching a URN, a postcode (spaces ignored), or words each found in the name or town.

        Apostrophes are ignored on both sides, so "st marys" finds "St Mary's" and "St Mary’s", and
        "oakfield preston" finds Oakfield Primary School in Preston.
        """
        query = query.strip()
        if not query:
            return self
        if query.isdigit():
            return self.filter(urn=int(query))
        compact = query.replace(" ", "").upper()
        words = "".join(char for char in query if char not in APOSTROPHES).split()
        every_word = Q()
        for word in words:
            every_word &= Q(name_without_apostrophes__icontains=word) | Q(town__icontains=word)
        name_without_apostrophes = F("name")
        for mark in APOSTROPHES:
            name_without_apostrophes = Replace(name_without_apostrophes, Value(mark), Value(""))
        return self.alias(name_without_apostrophes=name_without_apostrophes).filter(
            (every_word if words else Q(pk__in=[])) | Q(postcode_compact__startswith=compact)
        )

    def visible_to(self, user: User) -> SchoolQuerySet:
        """Schools whose private workspace (assessment, evidence, actions) the user may see.

        The one role-scoped list of schools; ``get_school_for_user`` applies the same rule to one
        school. Members, leads of the school's trust, programme managers and advisors whose scope covers
        it (national, its region or its hub: ``accounts.access.manager_scope``), hub leads of its hub see
        the workspace. Built from the person's roles snapshot (``roles_for``): no join, no duplicates.
        """
        from uplift.accounts.access import roles_for  # accounts' access reads this model: imported on use
        from uplift.accounts.models import ProgrammeRole

        if not user.is_authenticated or not user.is_active:
            return self.none()
        roles = roles_for(user)
        rule = Q(pk__in=sorted(roles.schools)) | Q(trust_id__in=sorted(roles.trust_ids))
        for role in (ProgrammeRole.MANAGER, ProgrammeRole.ADVISOR):
            scope = roles.scope(role)
            if scope is not None and scope.national:
                return self.all()
            if scope is not None:
                rule |= scope.schools()
        hub_lead = roles.scope(ProgrammeRole.HUB_LEAD)
        if hub_lead is not None:
            rule |= Q(local_authority_id__in=sorted(hub_lead.local_authority_ids))
        return self.filter(rule)


class School(models.Model):
    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200, db_index=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    type_name = models.CharField("type of establishment", max_length=120, blank=True)
    status = models.CharField(max_length=60, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools")
    trust = models.ForeignKey(Trust, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools")
    town = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    # Upper-case postcode without spaces, for search.
    postcode_compact = models.CharField(max_length=10, blank=True, db_index=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:detail", args=[self.urn])

    @property
    def latlon(self) -> tuple[float, float] | None:
        if self.easting is None or self.northing is None:
            return None
        return bng_to_latlon(self.easting, self.northing)

    @property
    def is_state_funded_in_england(self) -> bool:
        # The register only holds open state-funded schools in England.
        return self.status.lower() in {"open", "open, but proposed to close", ""}
