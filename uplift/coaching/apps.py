from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "uplift.coaching"
    label = "coaching"
    verbose_name = "Coaching and mentoring"

    def ready(self) -> None:
        from uplift.clusters.workspace import Section, register
        from uplift.coaching.selectors import coaching_usage

        register(Section(key="coaching", label="Coaching", url_name="coaching:cluster", order=40, usage=coaching_usage))
