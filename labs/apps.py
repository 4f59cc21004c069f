from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("Labs and activities")

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from accounts.invitations import register_grant
        from projects.people import register_people_source
        from projects.places import register_place_source
        from projects.roles import register_role_source
        from projects.sections import register_section

        from . import (
            permissions,  # registers the rules and the role source below
            selectors,
            tasks,  # noqa: F401  (its Celery tasks; the schedule is CELERY_BEAT_SCHEDULE)
        )
        from .indicators import register as register_indicator_sources
        from .people import lab_lead_rows
        from .services import LAB_LEAD_TARGET, lead_grant
        from .views import project_labs_section

        register_section("labs", project_labs_section)
        register_role_source("labs_led", permissions.labs_led_by)
        register_place_source("labs", selectors.project_ids_in_municipality)
        register_indicator_sources()
        register_people_source("labs", lab_lead_rows)  # the lab leads on the project's "People and roles" page
        register_grant(LAB_LEAD_TARGET, lead_grant)  # an accepted invitation makes the person a lab lead
