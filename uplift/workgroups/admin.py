from django.contrib import admin

from uplift.workgroups.models import Meeting, Output, Workgroup, WorkgroupMember


class WorkgroupMemberInline(admin.TabularInline):
    model = WorkgroupMember
    extra = 0
    raw_id_fields = ("user", "school")


@admin.register(Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ("name", "cluster", "dimension_slug", "version")
    search_fields = ("name", "cluster__name")
    raw_id_fields = ("cluster", "created_by")
    inlines = [WorkgroupMemberInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("workgroup", "held_on", "stage")
    list_filter = ("stage",)
    raw_id_fields = ("workgroup", "created_by", "updated_by", "attendees")


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ("title", "meeting", "visibility", "published_at")
    list_filter = ("visibility",)
    search_fields = ("title",)
    raw_id_fields = ("meeting", "created_by", "published_by")
