"""Each app's URLs under a clear prefix. Every route must be declared in the permission matrix
(uplift/testing/test_permission_matrix.py)."""

from django.contrib import admin
from django.urls import include, path

from uplift.api import api

admin.site.site_header = "Uplift administration"
admin.site.site_title = "Uplift admin"

urlpatterns = [
    path("", include("uplift.pages.urls")),
    path("accounts/", include("uplift.accounts.urls")),
    path("schools/", include("uplift.schools.urls")),
    # The school's own workspace nests under the school: schools/<urn>/assessment/..., /evidence/..., /actions/...
    path("schools/", include("uplift.assessments.urls")),
    path("schools/", include("uplift.evidence.urls")),
    path("schools/", include("uplift.actions.urls")),
    path("frameworks/", include("uplift.frameworks.urls")),
    path("", include("uplift.cpd.urls")),
    path("", include("uplift.certificates.urls")),
    path("", include("uplift.qualitymark.urls")),
    # Computing Clusters: cohorts and applications, matching, and each cluster's workspace and support.
    path("", include("uplift.cohorts.urls")),
    path("", include("uplift.clusters.urls")),
    path("", include("uplift.workgroups.urls")),
    path("", include("uplift.coaching.urls")),
    path("", include("uplift.dropins.urls")),
    path("", include("uplift.bespoke.urls")),
    path("", include("uplift.funding.urls")),
    path("", include("uplift.impact.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Unmatched addresses and crashes: JSON under /api/, the site's own pages elsewhere (templates/404.html, 500.html).
handler404 = "uplift.pages.views.not_found"
handler500 = "uplift.pages.views.server_error"
