from django.db import models
from django.db.models import Count, Max, Q

from projects.models import ProjectMembership

INTERNAL_ROLES = [ProjectMembership.Role.COORDINATOR, ProjectMembership.Role.STEERING]


class LabQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A lab is seen by its leads, the project's coordinators and steering group, and administrators."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        internal = ProjectMembership.objects.filter(user=user, role__in=INTERNAL_ROLES).values("project_id")
        return self.filter(Q(leads=user) | Q(project_id__in=internal)).distinct()

    def led_by(self, user):
        return self.filter(leads=user)

    def for_list(self):
        return self.select_related("project", "municipality", "method").annotate(
            activity_count=Count("activities", distinct=True),
            last_activity_on=Max("activities__date"),
        )


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Lab

        return self.filter(lab__in=Lab.objects.visible_to(user))

    def for_list(self):
        # lab__project: the edit rule asks whether the person coordinates the activity's project.
        return self.select_related("lab__project", "created_by")
