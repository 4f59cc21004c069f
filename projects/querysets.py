from decimal import Decimal

from django.db import models
from django.db.models import Count, Q, Sum

from .places import place_sources
from .roles import roles_for


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects the person has a role on, or runs a lab in; administrators see all."""
        roles = roles_for(user)
        if not roles.authenticated:
            return self.none()
        if roles.is_staff:
            return self
        # As projects.view_project (roles.sees_project): a role on the project, one of its labs led, or finance
        # support on it.
        return self.filter(Q(pk__in=roles.for_filter("member_of")) | Q(pk__in=roles.for_filter("lab_projects"))
                           | Q(pk__in=roles.for_filter("finance_support")))

    def taking_part_in(self, municipality_id):
        """Projects that name the municipality as participating, or that another app places there (see
        projects/places.py: labs adds a lab located there and a regional lab's activity held there)."""
        where = Q(pk__in=self.model.objects.filter(municipalities=municipality_id).values("pk"))
        for source in place_sources():
            where |= Q(pk__in=source(municipality_id))
        return self.filter(where)

    def for_list(self):
        return self.select_related("owner", "funder").prefetch_related("municipalities")


class FundingApplicationQuerySet(models.QuerySet):
    """What "Beviljad" means, once: an application granted in full or in part, for its amount_granted.

    Every surface that shows money granted (the project page, the dashboards, the budget reconciliation)
    filters with granted() and sums amount_granted; an amount typed on an application that is not granted
    (still pending, rejected) is never counted as granted."""

    def granted(self):
        return self.filter(status__in=self.model.GRANTED_STATUSES)

    def pending(self):
        """Planned or submitted: applied for, awaiting the funder's decision (amount_applied)."""
        return self.filter(status__in=self.model.PENDING_STATUSES)

    def per_funder(self):
        """Per (project, funder): the amount granted (as granted()), the number of granted applications, and
        the amount applied for that awaits a decision (as pending()). One grouped query."""
        granted = Q(status__in=self.model.GRANTED_STATUSES)
        pending = Q(status__in=self.model.PENDING_STATUSES)
        return (self.values("project_id", "funder_id", "funder__name")
                .annotate(granted=Sum("amount_granted", filter=granted, default=Decimal("0.00")),
                          granted_count=Count("pk", filter=granted),
                          pending=Sum("amount_applied", filter=pending, default=Decimal("0.00")),
                          pending_count=Count("pk", filter=pending))
                .order_by("project_id", "funder__name", "funder_id"))


class WorkPackageQuerySet(models.QuerySet):
    def for_project_page(self):
        return self.select_related("responsible")

