import factory

from uplift.schools.models import LocalAuthority, Phase, Region, School, Trust


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Region {n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Authority {n}")
    region = factory.SubFactory(RegionFactory)


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Learning Trust {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: 900000 + n)
    name = factory.Sequence(lambda n: f"Test School {n}")
    phase = Phase.PRIMARY
    type_name = "Academy converter"
    status = "Open"
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    region = factory.SelfAttribute("local_authority.region")
    town = "Testtown"
    postcode = factory.Sequence(lambda n: f"TT{n % 90 + 1} {n % 9}AA")
    postcode_compact = factory.LazyAttribute(lambda o: o.postcode.replace(" ", "").upper())
    easting = 400000
    northing = 300000
    number_of_pupils = 250
