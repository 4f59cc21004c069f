from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and steering group")

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from grportal.start_page import register_start_panel

        from . import permissions, signals  # noqa: F401  registers the rules and the cache invalidation
        from .start_panel import steering_panel

        register_start_panel("steering", steering_panel)
