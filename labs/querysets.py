from django.db import models
from django.db.models import Count, Max, Prefetch, Q

from projects.roles import roles_for

# The models come from the querysets' own model and its relations (self.model), so labs.models imports this
# module and not the other way round.


def _related_model(model, name: str):
    return model._meta.get_field(name).related_model


def _target_group_counts(activity_model):
    counts = _related_model(activity_model, "target_group_counts")
    return Prefetch("target_group_counts", queryset=counts.objects.select_related("target_group"))


def lab_access_q(roles) -> Q:
    """labs.view_lab for everyone but staff, as a filter: the labs they lead, and those of the projects they
    coordinate or steer. The predicate (labs.permissions.can_view_lab) reads the same sets."""
    return Q(pk__in=roles.for_filter("labs_led")) | Q(project_id__in=roles.for_filter("internal"))


class LabQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A lab is seen by its leads, the project's coordinators and steering group, and administrators."""
        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff:
            return self
        return self.filter(lab_access_q(roles))  # as labs.view_lab

    def reviewable_by(self, user):
        """The labs whose activities the person may review (labs.review_activity): their projects' labs, all for
        administrators."""
        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff:
            return self
        return self.filter(project_id__in=roles.for_filter("coordinates"))

    def led_by(self, user):
        return self.filter(leads=user)

    def for_list(self):
        # Reported (submitted and approved) as every figure counts them; logged: everything the lab wrote.
        reported = Q(activities__status__in=_related_model(self.model, "activities").REPORTED_STATUSES)
        return self.select_related("project", "municipality").annotate(
            activity_count=Count("activities", filter=reported, distinct=True),
            logged_count=Count("activities", distinct=True),
            last_activity_on=Max("activities__date", filter=reported),
        )


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(lab__in=_related_model(self.model, "lab").objects.visible_to(user))

    def reviewable_by(self, user):
        """The activities the person may review (labs.review_activity), every status: those of the labs of the
        projects they coordinate, all for administrators (the review inbox, the start page's count)."""
        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff:
            return self
        return self.filter(lab__project_id__in=roles.for_filter("coordinates"))

    def reported(self):
        """The activities every reported figure counts: submitted and approved (Activity.REPORTED_STATUSES)."""
        return self.filter(status__in=self.model.REPORTED_STATUSES)

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
            _target_group_counts(self.model), "attachments")

    def for_log(self):
        """The across-labs activity list and its exports."""
        return self.select_related("lab__project", "lab__municipality", "municipality").prefetch_related(
            _target_group_counts(self.model))

    def lessons_visible_to(self, user):
        """The person's own labs' lessons, plus approved lessons everywhere for those who work with labs."""
        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff:
            return self
        works_with_labs = bool(roles.labs_led or roles.internal)
        visible = Q(lab__in=_related_model(self.model, "lab").objects.visible_to(user))
        if works_with_labs:
            visible |= Q(status=self.model.Status.APPROVED)
        return self.filter(visible)

    def with_lessons(self):
        return self.exclude(lessons="").select_related("lab__project", "lab__municipality",
                                                       "municipality").prefetch_related("lab__methods")

    def for_list(self):
        # lab__project: the edit rule asks whether the person coordinates the activity's project.
        return self.select_related("lab__project", "created_by")


def works_with_labs(roles) -> bool:
    """Leads a lab, or coordinates or steers a project: who shares in the lessons of every lab (the bank)."""
    return bool(roles.labs_led or roles.internal)


class LessonQuerySet(models.QuerySet):
    """Lessons recorded on their own (labs.Lesson), outside any activity."""

    def visible_to(self, user):
        """As labs.view_lesson and as Activity.objects.lessons_visible_to(): a standalone lesson is written to be
        shared and has no review step (only coordinators and lab leads record one), so it is seen like an approved
        activity lesson, by everyone who works with labs (leads, coordinators, steering group) and staff."""
        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff or works_with_labs(roles):
            return self
        return self.none()

    def for_bank(self):
        """The Erfarenhetsbank's rows: lab, project, municipality, contact organisation, the lab's methods."""
        return self.select_related("project", "lab__municipality", "contact_organisation").prefetch_related(
            "lab__methods")
