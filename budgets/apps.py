from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")

    def ready(self):
        from projects.sections import register_section

        from . import permissions  # noqa: F401  (registers the rules)
        from .views import project_budgets_section

        register_section("budgets", project_budgets_section)
