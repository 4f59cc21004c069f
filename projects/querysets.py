from django.db import models
from django.db.models import Q


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects the person has a role on, or runs a lab in; administrators see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(memberships__user=user) | Q(labs__leads=user)).distinct()

    def for_list(self):
        return self.select_related("owner", "funder").prefetch_related("municipalities")


class WorkPackageQuerySet(models.QuerySet):
    def for_project_page(self):
        return self.select_related("responsible")
