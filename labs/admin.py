from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Lab, Method


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Lab)
class LabAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "kind", "municipality", "phase"]
    list_filter = ["kind", "phase"]
    filter_horizontal = ["leads"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "lab", "kind", "date", "participants_total", "status"]
    list_filter = ["kind", "status"]
    date_hierarchy = "date"
