"""Computing Clusters: matching and confirming (``urls_matching``) and the cluster workspace (``urls_workspace``)."""

from uplift.clusters import urls_matching, urls_workspace

app_name = "clusters"

urlpatterns = urls_matching.urlpatterns + urls_workspace.urlpatterns
