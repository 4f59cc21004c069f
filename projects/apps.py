from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from accounts.invitations import register_grant

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import membership_grant

        register_grant("projects.project", membership_grant)
