"""The Django admin for Computing Hubs (staff only)."""

from django.contrib import admin

from uplift.hubs.models import Hub


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "lead_organisation"]
    list_filter = ["region"]
    search_fields = ["name", "lead_organisation"]
    filter_horizontal = ["local_authorities"]
