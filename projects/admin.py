from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from grportal.locking import VersionedAdminMixin

from .models import (
    FundingApplication,
    Goal,
    KeyPerson,
    Milestone,
    OrganisationMember,
    Project,
    ProjectMembership,
    ProjectPartner,
    TargetGroup,
    WorkPackage,
)


class MembershipInline(admin.TabularInline):
    model = ProjectMembership
    extra = 0
    autocomplete_fields = ["user"]


class WorkPackageInline(admin.StackedInline):
    model = WorkPackage
    extra = 0


@admin.register(Project)
class ProjectAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "short_name", "status", "start_date", "end_date"]
    list_filter = ["status"]
    search_fields = ["title", "short_name"]
    filter_horizontal = ["municipalities"]
    inlines = [MembershipInline, WorkPackageInline]


@admin.register(Goal)
class GoalAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "level", "project"]
    list_filter = ["level"]
    search_fields = ["title"]
    filter_horizontal = ["work_packages", "target_groups"]


@admin.register(FundingApplication)
class FundingApplicationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["project", "funder", "call", "amount_applied", "amount_granted", "deadline", "status"]
    list_filter = ["status"]


class VersionedAdmin(VersionedAdminMixin, admin.ModelAdmin):
    pass


admin.site.register([KeyPerson, Milestone, OrganisationMember, ProjectPartner, TargetGroup], VersionedAdmin)
