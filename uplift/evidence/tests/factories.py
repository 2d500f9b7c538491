import factory

from uplift.evidence.models import EvidenceItem, EvidenceKind
from uplift.schools.tests.factories import SchoolFactory


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    """A note by default; ``kind="link"`` with a url for a link. Files go through the service."""

    class Meta:
        model = EvidenceItem

    school = factory.SubFactory(SchoolFactory)
    kind = EvidenceKind.NOTE
    title = factory.Sequence(lambda n: f"Evidence {n}")
    note = "What we saw in the lesson."
