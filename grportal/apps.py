from django.apps import AppConfig


class GrportalConfig(AppConfig):
    name = "grportal"
    verbose_name = "GR Portal"

    def ready(self):
        from .indicators import register as register_indicator_sources

        register_indicator_sources()  # the sources that combine two apps' data
