import datetime as dt

import factory
from django.utils import timezone

from uplift.actions.models import Action


class ActionFactory(factory.django.DjangoModelFactory):
    """Give it ``school``, ``owner`` and ``dimension`` (they must fit together, as the service insists)."""

    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
