from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "period_start", "period_end", "status", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["idempotency_key", "sha256", "size", "file", "attempts", "started_at", "finished_at"]
