from django.contrib import admin

from .models import Budget, CostLine, FinancingLine


class CostLineInline(admin.TabularInline):
    model = CostLine
    extra = 0


class FinancingLineInline(admin.TabularInline):
    model = FinancingLine
    extra = 0


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "kind", "is_current"]
    inlines = [CostLineInline, FinancingLineInline]
