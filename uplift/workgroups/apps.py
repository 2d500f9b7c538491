from django.apps import AppConfig


class WorkgroupsConfig(AppConfig):
    name = "uplift.workgroups"
    label = "workgroups"
    verbose_name = "Cluster workgroups"
