from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from accounts.invitations import register_grant
        from projects.people import register_people_source
        from projects.roles import register_role_source
        from projects.sections import register_section

        from . import permissions  # registers the rules and the role source below
        from .services import FINANCE_SUPPORT_TARGET, finance_support_grant
        from .views import project_budgets_section
        from .views_people import finance_support_actions, finance_support_rows

        register_section("budgets", project_budgets_section)
        register_role_source("finance_support", permissions.finance_support_of)
        register_people_source("budgets", finance_support_rows, finance_support_actions)
        register_grant(FINANCE_SUPPORT_TARGET, finance_support_grant)  # an accepted invitation: finance support
