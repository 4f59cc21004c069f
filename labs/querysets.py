from django.db import models
from django.db.models import Count, Max, Prefetch, Q


def _target_group_counts():
    from .models import TargetGroupCount

    return Prefetch("target_group_counts", queryset=TargetGroupCount.objects.select_related("target_group"))


class LabQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A lab is seen by its leads, the project's coordinators and steering group, and administrators."""
        from projects.roles import roles_for

        from .permissions import lab_access_q

        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff:
            return self
        return self.filter(lab_access_q(roles))  # as labs.view_lab

    def led_by(self, user):
        return self.filter(leads=user)

    def for_list(self):
        from .models import REPORTED_STATUSES

        # Reported (submitted and approved) as every figure counts them; logged: everything the lab wrote.
        reported = Q(activities__status__in=REPORTED_STATUSES)
        return self.select_related("project", "municipality", "method").annotate(
            activity_count=Count("activities", filter=reported, distinct=True),
            logged_count=Count("activities", distinct=True),
            last_activity_on=Max("activities__date", filter=reported),
        )


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Lab

        return self.filter(lab__in=Lab.objects.visible_to(user))

    def reported(self):
        """The activities every reported figure counts: submitted and approved (labs.models.REPORTED_STATUSES)."""
        from .models import REPORTED_STATUSES

        return self.filter(status__in=REPORTED_STATUSES)

    def approved(self):
        """Of the reported activities, those the coordinator has accepted ("varav godkända")."""
        return self.filter(status=self.model.Status.APPROVED)

    def in_municipality(self, municipality_id):
        """Activities held in a municipality: a regional lab's where the activity names it, a local lab's in
        the lab's own municipality."""
        return self.filter(Q(municipality_id=municipality_id)
                           | Q(municipality__isnull=True, lab__municipality_id=municipality_id))

    def for_timeline(self):
        """The lab page's timeline: breakdowns and attachments in one query each, whatever the row count."""
        return self.select_related("lab__project", "lab__municipality", "municipality", "created_by").prefetch_related(
            _target_group_counts(), "attachments")

    def for_log(self):
        """The across-labs activity list and its exports."""
        return self.select_related("lab__project", "lab__municipality", "lab__method", "municipality").prefetch_related(
            _target_group_counts())

    def lessons_visible_to(self, user):
        """The person's own labs' lessons, plus approved lessons everywhere for those who work with labs."""
        from projects.roles import roles_for

        from .models import Lab

        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff:
            return self
        works_with_labs = bool(roles.labs_led or roles.internal)
        visible = Q(lab__in=Lab.objects.visible_to(user))
        if works_with_labs:
            visible |= Q(status=self.model.Status.APPROVED)
        return self.filter(visible)

    def with_lessons(self):
        return self.exclude(lessons="").select_related("lab__project", "lab__municipality", "lab__method",
                                                       "municipality")

    def for_list(self):
        # lab__project: the edit rule asks whether the person coordinates the activity's project.
        return self.select_related("lab__project", "created_by")
