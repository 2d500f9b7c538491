"""Actions in the admin: for operators to look up a school's plan, read only (schools change it)."""

from django.contrib import admin
from django.http import HttpRequest

from uplift.actions.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "owner", "due_date", "status", "dimension"]
    list_filter = ["status"]
    search_fields = ["title", "school__name", "=school__urn"]
    list_select_related = ["school", "owner", "dimension"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Action | None = None) -> bool:
        return False
