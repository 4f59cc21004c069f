from django.contrib import admin

from .models import MemberGender, Report, ReportDraft, ReportDueDate, ReportRecipient


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["project", "report_type", "version_number", "period_start", "period_end", "status",
                    "published_at", "created_at"]
    list_filter = ["status", "report_type"]
    readonly_fields = ["idempotency_key", "sha256", "size", "pages", "file", "attempts", "started_at", "finished_at",
                       "generator", "data_as_of", "content_snapshot", "texts", "published_at", "published_by"]


@admin.register(ReportDraft)
class ReportDraftAdmin(admin.ModelAdmin):
    list_display = ["project", "report_type", "period_start", "period_end", "updated_at"]


@admin.register(ReportDueDate)
class ReportDueDateAdmin(admin.ModelAdmin):
    list_display = ["project", "report_type", "due_date", "reminded_on"]
    list_filter = ["report_type"]


@admin.register(ReportRecipient)
class ReportRecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "project"]


admin.site.register(MemberGender)
