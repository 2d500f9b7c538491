from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "uplift.assessments"

    def ready(self) -> None:
        from uplift.assessments.services import assessments_carry_forward
        from uplift.frameworks.services import on_version_published

        # A new framework version carries every school's current judgements forward through its mapping.
        on_version_published(assessments_carry_forward)
