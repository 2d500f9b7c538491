"""Read-mostly admin for operators: changes to applications go through the services (and the audit trail)."""

from django.contrib import admin

from uplift.qualitymark.models import Application, AspectReview, AuditEvent, Award


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


class AspectReviewInline(ReadOnlyInline):
    model = AspectReview


class AuditEventInline(ReadOnlyInline):
    model = AuditEvent


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["pk", "school", "status", "assessor", "submitted_at", "due_by"]
    list_filter = ["status"]
    search_fields = ["school__name", "school__urn"]
    readonly_fields = [field.name for field in Application._meta.fields]
    inlines = [AspectReviewInline, AuditEventInline]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["number", "school_name", "awarded_on", "expires_on", "revoked_at"]
    search_fields = ["number", "school_name"]
    readonly_fields = ["application", "school", "school_name", "number", "awarded_on", "expires_on"]

    def has_add_permission(self, request: object) -> bool:
        return False
