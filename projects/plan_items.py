"""The kinds of item a plan holds, as the plan editor sees them: model, form, where it sits on the page."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import forms
from .models import (
    FundingApplication,
    Goal,
    Indicator,
    IndicatorValue,
    KeyPerson,
    Milestone,
    OrganisationMember,
    OrganisationMemberShare,
    Project,
    ProjectPartner,
    TargetGroup,
    WorkPackage,
)


@dataclass(frozen=True)
class PlanKind:
    slug: str  # in the URL
    model: type
    form: type
    anchor: str  # the item's element id on the page is f"{anchor}-{pk}"
    section: str  # the page section's id, where focus goes after a delete
    project_path: str = "project"  # how the item reaches its project
    parent_field: str | None = None  # for items listed under another item (a milestone under its work package)
    internal: bool = False  # shown only to projects.view_internal
    deletable: bool = True
    tag: str = "li"  # the element an item is shown in (a form replacing it uses the same)

    @property
    def label(self):
        return self.model._meta.verbose_name

    def items(self, project):
        value = project.pk if self.project_path == "pk" else project
        return self.model._default_manager.filter(**{self.project_path: value})

    def new_instance(self, project):
        return self.model(project=project) if self.project_path == "project" else self.model()


KINDS = {kind.slug: kind for kind in [
    PlanKind("projekt", Project, forms.ProjectFactsForm, "facts", "facts-heading", project_path="pk",
             deletable=False, tag="div"),
    PlanKind("mal", Goal, forms.GoalForm, "goal", "goals-heading", tag="div"),
    PlanKind("malgrupp", TargetGroup, forms.TargetGroupForm, "targetgroup", "targetgroups-heading"),
    PlanKind("nyckelperson", KeyPerson, forms.KeyPersonForm, "keyperson", "keypersons-heading"),
    PlanKind("indikator", Indicator, forms.IndicatorForm, "indicator", "indicators-heading", tag="div"),
    PlanKind("varde", IndicatorValue, forms.IndicatorValueForm, "indicatorvalue", "indicators-heading",
             project_path="indicator__project", parent_field="indicator"),
    PlanKind("arbetspaket", WorkPackage, forms.WorkPackageForm, "workpackage", "workpackages-heading",
             tag="div"),
    PlanKind("milstolpe", Milestone, forms.MilestoneForm, "milestone", "workpackages-heading",
             project_path="work_package__project", parent_field="work_package"),
    PlanKind("organisation", OrganisationMember, forms.OrganisationMemberForm, "member", "organisation-heading"),
    PlanKind("tidsandel", OrganisationMemberShare, forms.OrganisationMemberShareForm, "membershare",
             "organisation-heading", project_path="member__project", parent_field="member"),
    PlanKind("partner", ProjectPartner, forms.ProjectPartnerForm, "partner", "organisation-heading"),
    PlanKind("ansokan", FundingApplication, forms.FundingApplicationForm, "application", "applications-heading",
             internal=True),
]}

# The add buttons' labels (the model's verbose name reads oddly after "Add" in Swedish for some kinds).
ADD_LABELS = {
    "mal": _("Add a goal"), "malgrupp": _("Add a target group"), "nyckelperson": _("Add a key person"),
    "indikator": _("Add an indicator"), "varde": _("Record a value"), "arbetspaket": _("Add a work package"),
    "milstolpe": _("Add a milestone or deliverable"), "organisation": _("Add a person to the organisation"),
    "tidsandel": _("Add a share of time for a period"),
    "partner": _("Add a partner organisation"), "ansokan": _("Add a funding application"),
}
