import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from projects.models import TargetGroup

from .models import Activity, Lab, Method, Theme

ALL = _("All")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _labs(request):
    return Lab.objects.visible_to(request.user).select_related(None).order_by("name") if request else Lab.objects.none()


def _municipalities(request):
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name")


def in_municipality(queryset, name, value):
    """A local lab's activities, and a regional lab's activities held in the municipality."""
    return queryset.filter(Q(lab__municipality=value) | Q(municipality=value))


def _target_groups(request):
    if request is None:
        return TargetGroup.objects.none()
    return TargetGroup.objects.filter(project__labs__in=_labs(request)).distinct().order_by("name")


class ActivityFilter(django_filters.FilterSet):
    lab = django_filters.ModelChoiceFilter(label=_("Lab"), queryset=_labs, empty_label=ALL)
    municipality = django_filters.ModelChoiceFilter(label=_("Municipality"), method="in_municipality",
                                                    queryset=_municipalities, empty_label=ALL)
    method = django_filters.ModelChoiceFilter(label=_("Method"), field_name="lab__methods",
                                              queryset=Method.objects.all(), distinct=True, empty_label=ALL)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Activity.Kind.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Activity.Status.choices, empty_label=ALL)
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte", widget=DATE)
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte", widget=DATE)
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"), field_name="target_group_counts__target_group", queryset=_target_groups,
        distinct=True, empty_label=ALL,
    )

    class Meta:
        model = Activity
        fields = []

    def in_municipality(self, queryset, name, value):
        return in_municipality(queryset, name, value)


def _reviewable_labs(request):
    """The labs whose activities the person may review (labs.review_activity): their projects' labs, all for staff."""
    if request is None:
        return Lab.objects.none()
    return Lab.objects.reviewable_by(request.user).select_related(None).order_by("name")


class ReviewFilter(django_filters.FilterSet):
    """The review inbox (labs:review): by status (the view defaults it to submitted), lab, municipality, period."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=Activity.Status.choices, empty_label=ALL)
    lab = django_filters.ModelChoiceFilter(label=_("Lab"), queryset=_reviewable_labs, empty_label=ALL)
    municipality = django_filters.ModelChoiceFilter(label=_("Municipality"), method="in_municipality",
                                                    queryset=_municipalities, empty_label=ALL)
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte", widget=DATE)
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Activity
        fields = []

    def in_municipality(self, queryset, name, value):
        return in_municipality(queryset, name, value)


class LessonFilter(django_filters.FilterSet):
    """The Erfarenhetsbank's filters over the activities' lessons; StandaloneLessonFilter applies the same choices
    to standalone lessons (the page shows this one's form)."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    lab = django_filters.ModelChoiceFilter(label=_("Lab"), queryset=_labs, empty_label=ALL)
    method = django_filters.ModelChoiceFilter(label=_("Method"), field_name="lab__methods",
                                              queryset=Method.objects.all(), distinct=True, empty_label=ALL)
    theme = django_filters.ChoiceFilter(label=_("Theme"), choices=Theme.choices, field_name="lesson_themes",
                                        lookup_expr="contains", empty_label=ALL)
    municipality = django_filters.ModelChoiceFilter(label=_("Municipality"), method="in_municipality",
                                                    queryset=_municipalities, empty_label=ALL)

    class Meta:
        model = Activity
        fields = []

    def in_municipality(self, queryset, name, value):
        return in_municipality(queryset, name, value)

    def search(self, queryset, name, value):
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(Q(lessons__icontains=word) | Q(title__icontains=word)
                                       | Q(description__icontains=word) | Q(lab__name__icontains=word))
        return queryset


def filter_standalone_lessons(lessons, choices: dict):
    """LessonFilter's cleaned choices applied to standalone lessons (labs.Lesson), with no query of their own: a
    lesson of the whole project has no lab, so it drops out when a lab, a method or a municipality is chosen."""
    for word in (choices.get("q") or "").split()[:8]:
        lessons = lessons.filter(Q(title__icontains=word) | Q(text__icontains=word) | Q(effect__icontains=word)
                                 | Q(contact_name__icontains=word) | Q(lab__name__icontains=word))
    if choices.get("lab"):
        lessons = lessons.filter(lab=choices["lab"])
    if choices.get("method"):
        lessons = lessons.filter(lab__methods=choices["method"]).distinct()
    if choices.get("theme"):
        lessons = lessons.filter(themes__contains=choices["theme"])
    if choices.get("municipality"):
        lessons = lessons.filter(lab__municipality=choices["municipality"])
    return lessons


def filter_lessons(data, *, activities, lessons, request):
    """The Erfarenhetsbank's choices applied to both kinds of lessons: (the form's filterset, activities, lessons).
    Invalid choices filter nothing, as on the activity log."""
    shown = LessonFilter(data or None, queryset=activities, request=request)
    if not (shown.is_bound and shown.is_valid()):
        return shown, activities, lessons
    return shown, shown.qs, filter_standalone_lessons(lessons, shown.form.cleaned_data)
