import factory

from uplift.accounts.models import (
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
    SchoolRole,
    TrustMembership,
    User,
)
from uplift.schools.tests.factories import SchoolFactory, TrustFactory

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = SchoolRole.TEACHER


class TrustMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustMembership

    user = factory.SubFactory(UserFactory)
    trust = factory.SubFactory(TrustFactory)


class ProgrammeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMembership

    user = factory.SubFactory(UserFactory)
    role = ProgrammeRole.ADVISOR
