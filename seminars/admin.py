from django.contrib import admin

from .models import ProgrammeItem, Seminar, Series


class ProgrammeInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "number", "starts_at", "capacity"]
    inlines = [ProgrammeInline]


admin.site.register(Series)
