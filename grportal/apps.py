from django.apps import AppConfig


class GrportalConfig(AppConfig):
    name = "grportal"
    verbose_name = "GR Portal"

    def ready(self):
        # Here, not at the top: apps.py is loaded while the app registry is filled, and these modules import models.
        from .indicators import register as register_indicator_sources

        register_indicator_sources()  # the sources that combine two apps' data
