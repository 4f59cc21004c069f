"""The portfolio filter: which of the projects a person may see are shown in the project list."""

import django_filters
from django.db.models import Max, Min, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from .models import FundingApplication, Project
from .roles import roles_for

MAX_SEARCH_WORDS = 8


def _municipalities(request):
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name")


def _funders(request):
    return Organisation.objects.filter(kind=Organisation.Kind.FUNDER).order_by("name")


class ProjectFilter(django_filters.FilterSet):
    """Filters over an already permission-limited queryset (Project.objects.visible_to(user)).

    The year and focus-area choices come from that same queryset, so a person is never offered a
    value (and so never learns of a project) outside what they may see.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search",
                                  help_text=_("Words in the title, short name or description."))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices,
                                         empty_label=_("All statuses"))
    municipality = django_filters.ModelChoiceFilter(label=_("Municipality"), queryset=_municipalities,
                                                    method="in_municipality", empty_label=_("All municipalities"))
    funder = django_filters.ModelChoiceFilter(label=_("Funder"), queryset=_funders, method="funded_by",
                                              empty_label=_("All funders"))
    focus_area = django_filters.ChoiceFilter(label=_("Focus area"), choices=[], empty_label=_("All focus areas"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], method="active_in_year",
                                       empty_label=_("All years"),
                                       help_text=_("Projects running at some time during the year."))

    class Meta:
        model = Project
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        visible = self.queryset.order_by()
        areas = (visible.exclude(focus_area="").values_list("focus_area", flat=True)
                 .distinct().order_by("focus_area"))
        self.filters["focus_area"].extra["choices"] = [(a, a) for a in areas]
        span = visible.aggregate(first=Min("start_date"), last=Max("end_date"))
        years = range(span["last"].year, span["first"].year - 1, -1) if span["first"] else []
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def search(self, queryset, name, value):
        for word in value.split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(short_name__icontains=word)
                                       | Q(description__icontains=word))
        return queryset

    def in_municipality(self, queryset, name, value):
        """Projects taking part in the municipality: one definition with the dashboards' (projects/places.py)."""
        return queryset.filter(pk__in=Project.objects.taking_part_in(value).values("pk"))

    def funded_by(self, queryset, name, value):
        """The main funder, or a funder the project has applied to.

        Applications are internal (projects.view_internal): a funder contact, the reference group or a lab lead
        must not learn from the filter that their project applied to some other funder. So applications count
        only on projects where the person is staff, coordinator or steering-group member.
        """
        applications = FundingApplication.objects.filter(funder=value)
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            applications = applications.none()
        elif not user.is_staff:
            # As projects.view_internal: the projects the person coordinates or steers (projects.roles).
            applications = applications.filter(project_id__in=roles_for(user).for_filter("internal"))
        return queryset.filter(Q(funder=value) | Q(pk__in=applications.values("project_id")))

    def active_in_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(start_date__year__lte=year, end_date__year__gte=year)
