"""Evidence in the admin: for operators to look up items, read only. Files are never linked from here
(there is no public media URL); staff open them through the school's library like anyone else."""

from django.contrib import admin
from django.http import HttpRequest

from uplift.evidence.models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "kind", "content_type", "size", "date", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "school__name", "=school__urn", "original_filename"]
    list_select_related = ["school"]
    exclude = ["file"]
    readonly_fields = [
        "school",
        "kind",
        "title",
        "description",
        "date",
        "tags",
        "original_filename",
        "content_type",
        "size",
        "url",
        "note",
        "added_by",
        "created_at",
        "updated_at",
        "updated_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: EvidenceItem | None = None) -> bool:
        return False
