from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grportal.locking import VersionedAdminMixin

from .models import MemberGender, Report, ReportDraft, ReportDueDate, ReportRecipient


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["project", "report_type", "version_number", "period_start", "period_end", "status",
                    "published_at", "created_at"]
    list_filter = ["status", "report_type"]
    exclude = ["file"]
    readonly_fields = ["idempotency_key", "sha256", "size", "pages", "pdf", "attempts", "started_at", "finished_at",
                       "generator", "data_as_of", "content_snapshot", "texts", "published_at", "published_by"]

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        # Stored files have no public URL (MEDIA_URL is unset): the link goes through the permission-checked view.
        if not obj.file:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("reports:download", args=[obj.pk]), obj.download_name())

    def has_change_permission(self, request, obj=None):
        # A generated version is a record of what was sent: its period, type or addressee never change afterwards.
        if obj is not None and obj.status == Report.Status.DONE:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A published report is an official document (allmän handling): removed only under a disposal decision,
        # not from the admin.
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ReportDraft)
class ReportDraftAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["project", "report_type", "period_start", "period_end", "updated_at"]


@admin.register(ReportDueDate)
class ReportDueDateAdmin(admin.ModelAdmin):
    list_display = ["project", "report_type", "due_date", "reminded_on"]
    list_filter = ["report_type"]


@admin.register(ReportRecipient)
class ReportRecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "project"]


admin.site.register(MemberGender)
