import datetime as dt

import factory

from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.schools.tests.factories import SchoolFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    applications_open = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=10))
    applications_close = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=20))
    starts_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=40))


class CohortApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortApplication

    cohort = factory.SubFactory(CohortFactory)
    school = factory.SubFactory(SchoolFactory)
    status = CohortApplicationStatus.SUBMITTED
    priority_dimensions = factory.LazyFunction(list)
    needs = factory.LazyFunction(dict)
