from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from projects.roles import register_role_source
        from projects.sections import register_section

        from . import permissions  # registers the rules and the role source below
        from .views import project_budgets_section

        register_section("budgets", project_budgets_section)
        register_role_source("finance_support", permissions.finance_support_of)
