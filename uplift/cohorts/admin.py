from django.contrib import admin

from uplift.cohorts.models import Cohort, CohortApplication


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "applications_open", "applications_close", "starts_on", "funded_clusters")


@admin.register(CohortApplication)
class CohortApplicationAdmin(admin.ModelAdmin):
    list_display = ("school", "cohort", "status", "applied_at")
    list_filter = ("cohort", "status")
    raw_id_fields = ("school", "applied_by", "consent_by", "assessment", "preferred_schools")
