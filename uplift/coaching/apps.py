from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "uplift.coaching"
    label = "coaching"
    verbose_name = "Coaching and mentoring"
