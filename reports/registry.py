"""Report types as data: each funder's report is a list of sections, every section one template partial fed
by one content function (reports/content.py). Adding a funder is adding a ReportType here, not a template.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: object  # lazy msgid
    template: str  # partial under reports/pdf/sections/
    # The coordinator's text fields (ReportDraft) this section prints, in order, with the heading to print.
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportType:
    key: str
    funder: str  # "vinnova", "lansstyrelsen", "esf": matched against the addressee's name (funder_key)
    kind: str  # Report.Kind value
    title: object
    sections: tuple[str, ...]
    # Headings the funder prescribes for the coordinator's texts, by ReportDraft field; others use the default.
    text_labels: dict = field(default_factory=dict)

    def section_specs(self) -> list[SectionSpec]:
        return [SECTIONS[key] for key in self.sections]

    def text_fields(self) -> list[str]:
        """The draft fields this report prints, in section order, each once."""
        seen = []
        for spec in self.section_specs():
            for name in spec.texts:
                if name not in seen:
                    seen.append(name)
        return seen

    def text_label(self, name: str):
        return self.text_labels.get(name) or DEFAULT_TEXT_LABELS[name]


DEFAULT_TEXT_LABELS = {
    "summary": _("Summary"),
    "purpose": _("Purpose and goals"),
    "effects": _("Expected effects and results"),
    "approach": _("Planned approach and implementation"),
    "deviations": _("Deviations from the plan"),
    "next_period": _("Plans for the next period"),
    "gender_effects": _("Gender equality: influence and effects of the results"),
    "accessibility": _("Accessibility and non-discrimination"),
    "use_of_funds": _("What the funds were used for"),
}

# Vinnova's gender questions beyond the 60/40 figures the portal computes.
VINNOVA_GENDER = _("Gender equality: do women and men have equal influence, how are hours and grant money split "
                   "between them, and what gender effects do the results have")

SECTIONS = {spec.key: spec for spec in [
    SectionSpec("summary", _("Summary"), "summary.html", texts=("summary",)),
    SectionSpec("public_summary", _("Public summary"), "public_summary.html",
                texts=("purpose", "effects", "approach")),
    SectionSpec("project", _("The project and its organisation"), "project.html"),
    SectionSpec("goals", _("Goals and indicators"), "goals.html"),
    SectionSpec("work_packages", _("Work packages"), "work_packages.html"),
    SectionSpec("activities", _("Activities per lab"), "activities.html"),
    SectionSpec("participants", _("Participants"), "participants.html"),
    SectionSpec("gender", _("Gender equality"), "gender.html", texts=("gender_effects",)),
    SectionSpec("seminars", _("Seminars"), "seminars.html"),
    SectionSpec("lessons", _("Lessons learned"), "lessons.html"),
    SectionSpec("budget", _("Budget and outcome"), "budget.html"),
    SectionSpec("use_of_funds", _("Account of the use of the funds"), "texts.html", texts=("use_of_funds",)),
    SectionSpec("financial_account", _("Financial account"), "budget.html"),
    SectionSpec("accessibility", _("Accessibility"), "texts.html", texts=("accessibility",)),
    SectionSpec("deviations", _("Deviations"), "texts.html", texts=("deviations",)),
    SectionSpec("next_period", _("Next period"), "texts.html", texts=("next_period",)),
    SectionSpec("signature", _("Signature"), "signature.html"),
]}

REPORT_TYPES = {t.key: t for t in [
    ReportType(
        "vinnova_progress", "vinnova", "progress", _("Vinnova progress report"),
        ("summary", "public_summary", "project", "goals", "work_packages", "activities", "participants", "gender",
         "seminars", "lessons", "budget", "deviations", "next_period"),
        # Vinnova's public-summary headings while the project runs.
        text_labels={"purpose": _("Purpose and goals"), "effects": _("Expected effects and results"),
                     "approach": _("Planned approach and implementation"), "gender_effects": VINNOVA_GENDER},
    ),
    ReportType(
        "vinnova_final", "vinnova", "final", _("Vinnova final report"),
        ("summary", "public_summary", "project", "goals", "work_packages", "activities", "participants", "gender",
         "seminars", "lessons", "budget", "deviations"),
        # Vinnova's public-summary headings once the project is finished.
        text_labels={"purpose": _("Important results"), "effects": _("Expected long-term effects"),
                     "approach": _("Approach and implementation"), "gender_effects": VINNOVA_GENDER},
    ),
    ReportType(
        "lansstyrelsen_account", "lansstyrelsen", "final",
        _("Länsstyrelsen: financial account and account of use"),
        ("summary", "project", "use_of_funds", "financial_account", "activities", "participants", "goals",
         "deviations", "signature"),
    ),
    ReportType(
        "esf_final", "esf", "final", _("ESF final report"),
        ("summary", "public_summary", "goals", "participants", "gender", "accessibility", "budget", "deviations",
         "work_packages", "activities", "lessons"),
        text_labels={"summary": _("Summary (including how gender equality, accessibility and non-discrimination "
                                  "were secured)"),
                     "purpose": _("Purpose and goals, and how they changed"),
                     "effects": _("Idea and expected results"),
                     "approach": _("Whether the time and activity plan held")},
    ),
]}

FUNDER_NAMES = {"vinnova": "vinnova", "lansstyrelsen": "länsstyrelsen", "esf": "esf"}


def get_report_type(key: str) -> ReportType | None:
    return REPORT_TYPES.get(key)


def report_type_choices() -> list[tuple[str, object]]:
    return [(t.key, t.title) for t in REPORT_TYPES.values()]


def funder_key(organisation) -> str | None:
    """Which funder's templates fit an organisation, from its name ("Länsstyrelsen Västra Götaland" → lansstyrelsen)."""
    if organisation is None:
        return None
    name = organisation.name.lower()
    for key, needle in FUNDER_NAMES.items():
        if needle in name:
            return key
    return None


def addressee_for(project, report_type: ReportType, funders=None):
    """The organisation a report of this type goes to: the project's funder of that kind, else its main funder."""
    candidates = list(funders) if funders is not None else project_funders(project)
    for organisation in candidates:
        if funder_key(organisation) == report_type.funder:
            return organisation
    return project.funder


def project_funders(project) -> list:
    """The main funder and the funders of its applications that are not rejected or withdrawn (two queries)."""
    ids = {project.funder_id} if project.funder_id else set()
    ids |= set(project.applications.exclude(status__in=["rejected", "withdrawn"]).values_list("funder_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids))
