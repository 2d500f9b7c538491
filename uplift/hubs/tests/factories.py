import factory

from uplift.hubs.models import Hub
from uplift.schools.tests.factories import RegionFactory


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Computing Hub {n}")
    region = factory.SubFactory(RegionFactory)
    lead_organisation = "Test Lead School"
