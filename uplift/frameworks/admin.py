"""Frameworks are loaded from files (``manage.py load_framework``), so the admin only reads them."""

from django.contrib import admin
from django.http import HttpRequest

from uplift.frameworks.models import Aspect, Framework, LevelStatement


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class LevelStatementInline(admin.TabularInline):
    model = LevelStatement
    fields = ["level", "statement", "statement_primary", "statement_secondary", "is_threshold"]
    extra = 0
    can_delete = False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["title", "slug", "version", "published_on", "is_current", "loaded_at"]


@admin.register(Aspect)
class AspectAdmin(ReadOnlyAdmin):
    list_display = ["title", "slug", "dimension", "framework", "changed"]
    list_filter = ["framework", "dimension__slug"]
    search_fields = ["title", "slug"]
    inlines = [LevelStatementInline]
