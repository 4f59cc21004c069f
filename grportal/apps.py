from django.apps import AppConfig


class GrportalConfig(AppConfig):
    name = "grportal"
    verbose_name = "GR Portal"
