from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("Labs and activities")

    def ready(self):
        from projects.sections import register_section

        from . import (
            permissions,  # noqa: F401  (registers the rules)
            tasks,  # noqa: F401  (registers the periodic nudges)
        )
        from .indicators import register as register_indicator_sources
        from .views import project_labs_section

        register_section("labs", project_labs_section)
        register_indicator_sources()
