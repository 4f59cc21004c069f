from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from accounts.invitations import register_grant

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import membership_grant

        register_grant("projects.project", membership_grant)
