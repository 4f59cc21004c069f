from django.contrib import admin

from grportal.locking import VersionedAdminMixin

from .models import ActualCost, Budget, CostLine, FinanceSupport, FinancingLine, FunderRule, OnCostRate


class CostLineInline(admin.TabularInline):
    model = CostLine
    extra = 0


class FinancingLineInline(admin.TabularInline):
    model = FinancingLine
    fk_name = "budget"
    extra = 0


@admin.register(Budget)
class BudgetAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "project", "kind", "is_current"]
    inlines = [CostLineInline, FinancingLineInline]


@admin.register(OnCostRate)
class OnCostRateAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "percent", "annual_hours"]
    list_filter = ["year"]


@admin.register(FunderRule)
class FunderRuleAdmin(admin.ModelAdmin):
    list_display = ["funder", "scope", "name", "project"]
    list_filter = ["funder", "scope"]


@admin.register(FinanceSupport)
class FinanceSupportAdmin(admin.ModelAdmin):
    list_display = ["user", "project"]
    autocomplete_fields = []


@admin.register(ActualCost)
class ActualCostAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "category", "organisation", "amount"]
    list_filter = ["category"]
