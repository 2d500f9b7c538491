"""The Django admin for accounts (staff only). Secrets are never shown: only hashes are stored."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from uplift.accounts.models import (
    ApiToken,
    Invitation,
    JoinRequest,
    ProgrammeMembership,
    SchoolMembership,
    TrustMembership,
    User,
)


class SchoolMembershipInline(admin.TabularInline):
    model = SchoolMembership
    extra = 0
    # raw ids: the schools app owns School's admin, and the register has 20,000 schools.
    raw_id_fields = ["school"]


class TrustMembershipInline(admin.TabularInline):
    model = TrustMembership
    extra = 0


class ProgrammeMembershipInline(admin.TabularInline):
    model = ProgrammeMembership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = ["groups", "user_permissions"]
    inlines = [SchoolMembershipInline, TrustMembershipInline, ProgrammeMembershipInline]


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "school__name", "school__urn"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["school"]


@admin.register(TrustMembership)
class TrustMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "trust", "role", "created_at"]
    search_fields = ["user__email", "user__full_name", "trust__name"]
    autocomplete_fields = ["user"]


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "hub", "created_at"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "status", "created_at", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "school__name", "school__urn"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["school"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "school", "role", "status", "invited_by", "created_at", "expires_at"]
    list_filter = ["role"]
    search_fields = ["email", "school__name", "school__urn"]
    # New invitations are made on the school's people page, which emails the one-time link.
    readonly_fields = ["token_hash", "invited_by", "created_at", "accepted_at", "accepted_by"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "prefix", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
