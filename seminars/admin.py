from django.contrib import admin

from grportal.locking import VersionedAdminMixin

from .models import ProgrammeItem, Registration, Seminar, Series


class ProgrammeInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


@admin.register(Seminar)
class SeminarAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "series", "number", "starts_at", "capacity"]
    inlines = [ProgrammeInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["seminar", "status", "created_at", "attended_at"]
    list_filter = ["status"]


admin.site.register(Series)
