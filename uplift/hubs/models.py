"""Computing Hubs: regional centres that support the schools of the local authorities they cover."""

from django.db import models


class Hub(models.Model):
    name = models.CharField(max_length=150, unique=True)
    region = models.ForeignKey("schools.Region", on_delete=models.PROTECT, related_name="hubs")
    lead_organisation = models.CharField(max_length=200, blank=True)
    # The hub supports the schools in these local authorities.
    local_authorities = models.ManyToManyField("schools.LocalAuthority", related_name="hubs", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
