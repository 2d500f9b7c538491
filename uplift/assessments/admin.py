from django.contrib import admin

from uplift.assessments.models import Assessment, Judgement, Snapshot


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["school", "framework", "cycle", "started_at", "submitted_at", "is_current"]
    list_filter = ["is_current", "framework"]
    search_fields = ["school__name", "school__urn"]
    raw_id_fields = ["school", "started_by", "submitted_by", "carried_from"]


@admin.register(Judgement)
class JudgementAdmin(admin.ModelAdmin):
    list_display = ["assessment", "aspect", "level", "version", "needs_review", "updated_by", "updated_at"]
    raw_id_fields = ["assessment", "aspect", "updated_by", "evidence"]
    search_fields = ["assessment__school__name", "aspect__slug"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["name", "assessment", "kind", "created_at"]
    raw_id_fields = ["assessment", "created_by"]
