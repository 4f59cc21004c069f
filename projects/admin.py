from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Project, ProjectMembership, WorkPackage


class MembershipInline(admin.TabularInline):
    model = ProjectMembership
    extra = 0
    autocomplete_fields = ["user"]


class WorkPackageInline(admin.StackedInline):
    model = WorkPackage
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "short_name", "status", "start_date", "end_date"]
    list_filter = ["status"]
    search_fields = ["title", "short_name"]
    filter_horizontal = ["municipalities"]
    inlines = [MembershipInline, WorkPackageInline]
