"""The Django admin for the register (staff only). The GIAS importer is the normal way in; the admin is for
looking things up and the odd correction."""

from django.contrib import admin

from uplift.schools.models import LocalAuthority, Region, School, Trust


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "phase", "local_authority", "town", "postcode", "trust"]
    list_filter = ["phase", "region"]
    search_fields = ["name", "=urn", "postcode_compact"]
    list_select_related = ["local_authority", "trust"]
    autocomplete_fields = ["local_authority", "region", "trust"]
    readonly_fields = ["imported_at"]
