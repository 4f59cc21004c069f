from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "seminars"
    verbose_name = _("Seminars")

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from . import permissions  # noqa: F401  (registers the rules)
        from .indicators import register as register_indicator_sources

        register_indicator_sources()
