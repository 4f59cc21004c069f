from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Funder reports")

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from projects.sections import register_section

        from . import (
            permissions,  # noqa: F401  (registers the rules)
            tasks,  # noqa: F401  (its Celery tasks; the schedule is CELERY_BEAT_SCHEDULE)
        )
        from .views import project_reports_section

        register_section("reports", project_reports_section)
