from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from grportal.locking import VersionedAdminMixin
from grportal.numbers import duration_text

from .models import (
    Activity,
    Attachment,
    CoFinancedTime,
    DigestSubscription,
    Lab,
    LabPhaseChange,
    Lesson,
    Method,
    TargetGroupCount,
)


@admin.register(Method)
class MethodAdmin(VersionedAdminMixin, admin.ModelAdmin):
    search_fields = ["name"]


class PhaseChangeInline(admin.TabularInline):
    model = LabPhaseChange
    extra = 0
    autocomplete_fields = []
    raw_id_fields = ["changed_by"]


@admin.register(Lab)
class LabAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "project", "kind", "municipality", "phase"]
    list_filter = ["kind", "phase"]
    filter_horizontal = ["methods", "leads", "partners", "target_groups"]
    inlines = [PhaseChangeInline]


class TargetGroupCountInline(admin.TabularInline):
    model = TargetGroupCount
    extra = 0


class CoFinancedTimeInline(admin.TabularInline):
    model = CoFinancedTime
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["name", "kind", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields  # files go in through the activity form, which checks them


@admin.register(Activity)
class ActivityAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "lab", "kind", "date", "length", "participants_total", "status"]
    list_filter = ["kind", "status"]
    date_hierarchy = "date"
    readonly_fields = ["length"]
    inlines = [TargetGroupCountInline, CoFinancedTimeInline, AttachmentInline]

    @admin.display(description=_("Length"), ordering="duration_minutes")
    def length(self, activity):
        """The activity's length as every page writes it ("2 h 30 min"); the admin's dash when none was given."""
        return duration_text(activity.duration_minutes) or None


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_sent_at"]
    raw_id_fields = ["user"]


@admin.register(Lesson)
class LessonAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "project", "lab", "recorded_on", "contact_name"]
    list_filter = ["project"]
    date_hierarchy = "recorded_on"
    search_fields = ["title", "text", "contact_name"]
    raw_id_fields = ["created_by"]
