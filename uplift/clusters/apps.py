from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "uplift.clusters"
    label = "clusters"
    verbose_name = "Computing Clusters"
