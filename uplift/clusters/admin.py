from django.contrib import admin

from uplift.clusters.models import AdvisorCapacity, Cluster, ClusterMember, MatchRun


class ClusterMemberInline(admin.TabularInline):
    model = ClusterMember
    raw_id_fields = ("school", "application", "baseline_snapshot", "end_snapshot")
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("name", "cohort", "phase", "status", "advisor")
    list_filter = ("cohort", "status")
    raw_id_fields = ("meeting_school", "advisor", "confirmed_by", "run")
    inlines = [ClusterMemberInline]


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "cohort", "status", "progress", "created_at")


admin.site.register(AdvisorCapacity)
