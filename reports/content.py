"""What goes into a report: read-only selectors over the portal's data for a period, one per section.

`build_content()` returns plain data (dicts, lists, Decimals, dates) so the same structure renders the PDF
and is frozen as the report's JSON snapshot. Each section's function takes a `Source` (the project, period
and the coordinator's texts, with the shared querysets read once).
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.calculations import MoneyRow, money_row, money_table, to_ore
from budgets.models import CostLine
from budgets.selectors import outcome as budget_outcome
from budgets.selectors import overview as budget_overview
from grportal import charts, numbers
from grportal.numbers import percent
from labs import selectors as labs_selectors
from labs.models import TargetGroupCount
from projects.indicators import indicator_status
from projects.models import Goal, Indicator, OrganisationMember, ProjectPartner
from projects.shares_of_time import share_over_period, with_shares_of_time
from seminars.models import Registration, Seminar

from .registry import ReportType, get_report_type

ZERO = Decimal("0")
TABLE_BLOCK = 20
# The PDF's charts are grportal.charts' bars at the report's sizes: 300 user units scaled to the figure's column
# (about 100 mm), so 8 units print at about 7.5 pt; larger text would not fit an amount beside the longest bar.
PDF_BARS = {"width": 300, "label_width": 110, "value_room": 50, "bar_height": 12, "gap": 4, "font_size": 8,
            "font_family": "DejaVu Sans", "css_class": ""}


def bar_chart(rows, *, title, unit, money=False) -> dict | None:
    """rows: (label, value) pairs, drawn by reports/pdf/chart.html with the table of their numbers beside them.
    The chart's title, the figure's alternative text in the tagged PDF, carries the numbers too. Plain data (the
    content is frozen as JSON); None when there is nothing to draw (the section then says so on its own)."""
    drawn = charts.bar_chart([(str(label), Decimal(value or 0)) for label, value in rows], title=str(title),
                             value_format=numbers.thousand_kronor if money else numbers.value_text,
                             numbers_in_title=numbers.kronor if money else numbers.value_text, **PDF_BARS)
    return drawn and {"caption": str(title), "unit": str(unit), "money": money, "drawing": drawn.as_dict()}


# --- The 40/60 rule -------------------------------------------------------------------------------------------

def gender_verdict(women, men, *, other=0, unknown=0) -> dict:
    """Neither women nor men below 40 % of those whose gender is known: exactly 40 % is balanced, 39.9 % is not.

    Works on counts or on shares of time (Decimals); compared exactly, not on rounded percentages.
    """
    women, men = Decimal(women), Decimal(men)
    known = women + men
    balanced = None if not known else (min(women, men) * 100 >= 40 * known)
    return {
        "women": women, "men": men, "other": Decimal(other), "unknown": Decimal(unknown),
        "women_percent": percent(women, known), "men_percent": percent(men, known), "balanced": balanced,
    }


# --- The data a report reads ----------------------------------------------------------------------------------

class Source:
    def __init__(self, *, project, period_start, period_end, texts=None, addressee=""):
        self.project = project
        self.addressee = addressee
        self.period_start = period_start
        self.period_end = period_end
        self.texts = texts or {}

    @cached_property
    def reported(self):
        """The reported activities of the period (labs.selectors.reported_activities: submitted and approved,
        as every figure of the portal counts them), as a queryset."""
        return labs_selectors.reported_activities([self.project.pk], period_start=self.period_start,
                                                  period_end=self.period_end)

    @cached_property
    def activities(self) -> list:
        return list(self.reported.select_related("lab").order_by("lab__name", "date", "pk"))

    @cached_property
    def members(self) -> list:
        return with_shares_of_time(OrganisationMember.objects.filter(project=self.project)
                                   .select_related("organisation", "report_gender").order_by("group", "name"))


def _text(source: Source, report_type: ReportType, name: str) -> dict:
    return {"name": name, "label": str(report_type.text_label(name)), "text": source.texts.get(name, "")}


def summary_content(source, report_type):
    return {"texts": [_text(source, report_type, "summary")]}


def public_summary_content(source, report_type):
    return {"texts": [_text(source, report_type, n) for n in ("purpose", "effects", "approach")]}


def texts_content(section_texts):
    def content(source, report_type):
        return {"texts": [_text(source, report_type, n) for n in section_texts]}
    return content


def project_content(source, report_type):
    project = source.project
    groups = defaultdict(list)
    for member in source.members:
        groups[member.group].append({
            "name": member.name, "organisation": str(member.organisation or ""), "role": member.role,
            "share_of_time": member.share_of_time, "share": member.time_share.as_dict(),
        })
    labels = dict(OrganisationMember.Group.choices)
    partners = [{"organisation": str(p.organisation), "role": p.role}
                for p in ProjectPartner.objects.filter(project=project).select_related("organisation")]
    return {
        "title": project.title, "short_name": project.short_name, "description": project.description,
        "owner": str(project.owner), "funder": str(project.funder or ""),
        "start": project.start_date, "end": project.end_date, "status": str(project.get_status_display()),
        "municipalities": [str(m) for m in project.municipalities.all()],
        "partners": partners,
        "groups": [{"label": str(labels[key]), "members": groups[key]}
                   for key in OrganisationMember.Group.values if groups.get(key)],
    }


def goals_content(source, report_type):
    goals = list(Goal.objects.filter(project=source.project).order_by("level", "position", "pk"))
    level_order = {value: i for i, value in enumerate(Goal.Level.values)}
    goals.sort(key=lambda g: (level_order.get(g.level, 9), g.position, g.pk))
    indicators = list(Indicator.objects.filter(project=source.project)
                      .select_related("project", "goal", "work_package")
                      .prefetch_related("values").order_by("goal__position", "name"))
    rows = []
    for indicator in indicators:
        # Where the indicator stood at the end of the period, as the project page and the dashboards define it
        # (projects.indicators): computed ones counted from the project's start, others the latest recorded.
        status = indicator_status(indicator, source.period_end)
        value = status.value
        if value is None:
            gap = None
        elif indicator.direction == Indicator.Direction.DOWN:
            gap = value - indicator.target
        else:
            gap = indicator.target - value
        rows.append({
            "name": indicator.name, "unit": indicator.unit, "goal": indicator.goal.title if indicator.goal else "",
            "work_package": indicator.work_package.code if indicator.work_package else "",
            "baseline": indicator.baseline, "target": indicator.target, "value": value,
            "gap": gap if gap is None or gap > 0 else ZERO, "reached": gap is not None and gap <= 0,
            "computed": status.computed, "missing_settings": ", ".join(status.missing_settings),
        })
    return {
        "goals": [{"level": str(g.get_level_display()), "title": g.title} for g in goals],
        "indicators": rows,
        "counted_from": source.project.start_date, "as_of": source.period_end,
    }


def work_packages_content(source, report_type):
    packages = source.project.work_packages.select_related("responsible").prefetch_related("milestones")
    rows = []
    for wp in packages.order_by("code"):
        milestones = list(wp.milestones.all())
        rows.append({
            "code": wp.code, "title": wp.title, "status": str(wp.get_status_display()),
            "leader": wp.local_leader_name or str(wp.responsible or ""),
            "milestones_done": sum(1 for m in milestones if m.done), "milestones": len(milestones),
        })
    return {"work_packages": rows}


def activities_content(source, report_type):
    per_lab = defaultdict(list)
    for a in source.activities:
        per_lab[a.lab.name].append({
            "date": a.date, "title": a.title, "kind": str(a.get_kind_display()), "place": a.place,
            "total": a.participants_total, "women": a.participants_women, "men": a.participants_men,
            "other": a.participants_other,
        })
    # Long tables are cut into blocks: WeasyPrint lays a table out as a whole, so one table of hundreds of rows
    # costs more per page than many short ones (the benchmark_reports command measures it).
    labs = [{"name": name, "blocks": [rows[i:i + TABLE_BLOCK] for i in range(0, len(rows), TABLE_BLOCK)],
             "total": sum(r["total"] for r in rows)}
            for name, rows in sorted(per_lab.items())]
    chart = bar_chart([(lab["name"], lab["total"]) for lab in labs],
                      title=_("Participants per lab"), unit=_("participants"))
    return {"labs": labs, "count": len(source.activities), "chart": chart}


def participants_content(source, report_type):
    acts = source.activities
    totals = {name: sum(getattr(a, f"participants_{name}") for a in acts)
              for name in ("total", "women", "men", "other")}
    sectors = [
        (_("Public sector"), "public"), (_("Civil society"), "civil_society"), (_("Private sector"), "private"),
        (_("Academia"), "academia"), (_("Residents"), "residents"),
    ]
    by_sector = [{"label": str(label), "count": sum(getattr(a, f"participants_{key}") for a in acts)}
                 for label, key in sectors]
    ids = [a.pk for a in acts]
    by_target = [{"label": row["target_group__name"], "count": row["n"]} for row in
                 TargetGroupCount.objects.filter(activity_id__in=ids).values("target_group__name")
                 .annotate(n=Sum("count")).order_by("target_group__name")] if ids else []
    gender = gender_verdict(totals["women"], totals["men"], other=totals["other"])
    share = labs_selectors.GenderShare(women=totals["women"], men=totals["men"], other=totals["other"])
    gender_share = {"counted": share.counted, "women_percent": share.women_percent, "men_percent": share.men_percent,
                    "other_percent": share.other_percent}
    chart = bar_chart([(_("Women"), totals["women"]), (_("Men"), totals["men"]),
                       (_("Other or not stated"), totals["other"])],
                      title=_("Participants by gender"), unit=_("participants"))
    sector_chart = bar_chart([(row["label"], row["count"]) for row in by_sector],
                             title=_("Participants by sector"), unit=_("participants"))
    return {"totals": totals, "gender": gender, "share": gender_share, "by_sector": by_sector,
            "by_target_group": by_target,
            "chart": chart, "sector_chart": sector_chart}


def gender_content(source, report_type):
    steering = {"woman": 0, "man": 0, "other": 0, "unknown": 0}
    management = {"woman": ZERO, "man": ZERO, "other": ZERO, "unknown": ZERO}
    for member in source.members:
        gender = getattr(getattr(member, "report_gender", None), "gender", None) or "unknown"
        if member.group == OrganisationMember.Group.STEERING:
            steering[gender] += 1
        elif member.group == OrganisationMember.Group.COORDINATION:
            management[gender] += share_over_period(member, source.period_start, source.period_end)
    by_kind = defaultdict(lambda: [0, 0, 0])
    for a in source.activities:
        row = by_kind[str(a.get_kind_display())]
        row[0] += a.participants_women
        row[1] += a.participants_men
        row[2] += a.participants_other
    rows = [
        {"key": "steering", "label": str(_("Steering group")), "unknown_applies": True,
         "v": gender_verdict(steering["woman"], steering["man"], other=steering["other"],
                             unknown=steering["unknown"])},
        {"key": "management", "label": str(_("Project management (share of time)")), "unknown_applies": True,
         "v": gender_verdict(management["woman"], management["man"], other=management["other"],
                             unknown=management["unknown"])},
    ]
    for kind, (w, m, o) in sorted(by_kind.items()):
        rows.append({"key": "activity", "label": str(_("Participants: %(kind)s") % {"kind": kind}),
                     "unknown_applies": False, "v": gender_verdict(w, m, other=o)})
    return {"rows": rows, "texts": [_text(source, report_type, "gender_effects")]}


def seminars_content(source, report_type):
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(source.period_start, dt.time.min, tz)
    end = dt.datetime.combine(source.period_end, dt.time.max, tz)
    seated = Q(registrations__status=Registration.Status.REGISTERED)
    rows = (Seminar.objects.filter(project=source.project, starts_at__range=(start, end))
            .select_related("series")
            .annotate(registered=Count("registrations", filter=seated),
                      attended=Count("registrations", filter=seated & Q(registrations__attended_at__isnull=False)))
            .order_by("starts_at"))
    seminars = [{"date": timezone.localtime(s.starts_at).date(), "title": s.title, "number": s.number,
                 "place": s.place, "registered": s.registered, "attended": s.attended} for s in rows]
    return {"seminars": seminars, "registered": sum(s["registered"] for s in seminars),
            "attended": sum(s["attended"] for s in seminars)}


def lessons_content(source, report_type):
    """The period's lessons learned, from its reported activities and those recorded on their own (with what they
    led to), as labs.selectors.lessons_for_project finds them for every surface; by lab (the whole project's
    first), then date. The contact person stays in the portal: a report goes outside it."""
    found = labs_selectors.lessons_for_project(source.project, period_start=source.period_start,
                                               period_end=source.period_end)
    rows = []
    for record in found:
        standalone = record.lesson_kind == labs_selectors.STANDALONE_LESSON
        lab = record.lab
        rows.append({
            "kind": record.lesson_kind, "lab": lab.name if lab else _("The whole project"), "whole": lab is None,
            "date": record.recorded_on if standalone else record.date, "title": record.title,
            "text": record.text if standalone else record.lessons, "effect": record.effect if standalone else "",
            "themes": [str(t) for t in record.theme_labels],
        })
    rows.sort(key=lambda row: (not row["whole"], row["lab"], row["date"]))
    return {"lessons": rows}


# Vinnova's five cost categories and the portal's categories that fall in each (FUNDERS.md). The portal's
# "premises" are taken as premises rented for the project (Vinnova's 2); regular premises belong in overhead.
VINNOVA_CATEGORIES = (
    ("1", gettext_lazy("Personnel costs"), ("personnel",)),
    ("2", gettext_lazy("Equipment, land and buildings"), ("equipment", "premises")),
    ("3", gettext_lazy("Consultants and licences"), ("external_services",)),
    ("4", gettext_lazy("Other direct costs"), ("travel", "meetings", "other_direct")),
    ("5", gettext_lazy("Indirect costs"), ("indirect",)),
)


def budget_content(source, report_type):
    result = budget_against_outcome(source.project, as_of=source.period_end)
    if report_type.funder == "vinnova" and result["by_category"]:
        vinnova = vinnova_categories(result["by_category"])
        result["funder_categories"], result["funder_categories_total"] = vinnova["rows"], vinnova["total"]
    return result


def vinnova_categories(by_category: list[dict]) -> dict:
    """The printed budget-against-outcome rows regrouped in Vinnova's categories (every category, zero when
    unused), each the sum of its printed rows, with a total that is the sum of the five. A portal category that
    falls in none of Vinnova's stops the report rather than going missing from it."""
    key_of = {str(label): key for key, label in CostLine.Category.choices}
    number_of = {key: number for number, _label, keys in VINNOVA_CATEGORIES for key in keys}
    members = defaultdict(list)
    for row in by_category:
        members[number_of[key_of[row["label"]]]].append(row)
    table = money_table(
        money_row(str(label), budget=sum((r["budget"] for r in members[number]), ZERO),
                  actual=sum((r["actual"] for r in members[number]), ZERO))
        for number, label, _keys in VINNOVA_CATEGORIES)
    rows = [{**_money(row), "number": number, "includes": [r["label"] for r in members[number]]}
            for (number, _label, _keys), row in zip(VINNOVA_CATEGORIES, table.rows, strict=True)]
    return {"rows": rows, "total": _money(table.total)}


def financial_account_content(source, report_type):
    """The budget against the outcome, and first what the addressed funder itself finances."""
    result = budget_against_outcome(source.project, as_of=source.period_end)
    result["funder"] = source.addressee
    result["funder_rows"] = [r for r in result["financing"] if source.addressee and source.addressee in r["label"]]
    return result


def signature_content(source, report_type):
    return {"owner": str(source.project.owner)}


# --- Budget adapter -------------------------------------------------------------------------------------------

def _money(row: MoneyRow) -> dict:
    return {"label": row.label, "budget": row.budget, "actual": row.actual, "remaining": row.remaining,
            "used_percent": row.used_percent}


def budget_against_outcome(project, *, as_of: dt.date) -> dict:
    """Budget against outcome per category and organisation, financing per financier, co-financing by kind.

    Reads the current budget version through budgets.selectors; every table is a money table of
    budgets.calculations (to the öre, remaining and totals derived from the printed parts), and the balance
    sentence is derived from the same printed figures.
    """
    result = {"available": False, "as_of": as_of, "by_category": [], "by_organisation": [], "financing": [],
              "co_financing": [], "in_kind": [], "total": None, "balance": None, "chart": None}
    o = budget_outcome(project, as_of=as_of)
    if o.budget is None:
        return result
    by_category = money_table(o.by_category)
    by_organisation = money_table(o.by_organisation)
    result.update({
        "available": True, "budget_name": o.budget.name,
        "by_category": [_money(r) for r in by_category.rows], "total": _money(by_category.total),
        "by_organisation": [_money(r) for r in by_organisation.rows],
        "in_kind": [{"year": r.year, "organisation": r.organisation, "hours": r.hours, "value": r.value,
                     "planned": to_ore(r.planned)} for r in o.in_kind],
        "financing": [{"label": r.label, "amount": to_ore(r.total)}
                      for r in budget_overview(o.budget).financing_rows],
    })
    # Co-financing in kind and in cash, from the version's (prefetched) financing lines.
    kinds = defaultdict(lambda: ZERO)
    kind_labels = {}
    for line in o.budget.financing_lines.all():
        kinds[line.kind] += line.amount
        kind_labels[line.kind] = str(line.get_kind_display())
    result["co_financing"] = [{"kind": key, "label": kind_labels[key], "amount": to_ore(kinds[key])}
                              for key in sorted(kinds)]
    total_cost = by_category.total.budget
    total_financing = sum((r["amount"] for r in result["financing"]), ZERO)
    result["balance"] = {"total_cost": total_cost, "total_financing": total_financing,
                         "difference": total_financing - total_cost}
    result["chart"] = bar_chart([(r["label"], r["actual"]) for r in result["by_category"]],
                                title=_("Booked costs per category"), unit="kr", money=True)
    return result


CONTENT = {
    "summary": summary_content,
    "public_summary": public_summary_content,
    "project": project_content,
    "goals": goals_content,
    "work_packages": work_packages_content,
    "activities": activities_content,
    "participants": participants_content,
    "gender": gender_content,
    "seminars": seminars_content,
    "lessons": lessons_content,
    "budget": budget_content,
    "financial_account": financial_account_content,
    "use_of_funds": texts_content(("use_of_funds",)),
    "accessibility": texts_content(("accessibility",)),
    "deviations": texts_content(("deviations",)),
    "next_period": texts_content(("next_period",)),
    "signature": signature_content,
}


def build_content(*, report_type_key: str, project, period_start, period_end, texts=None, addressee="") -> dict:
    """Every section of a report type, in the funder's order, with its data for the period."""
    report_type = get_report_type(report_type_key)
    if report_type is None:
        raise ValueError(f"Unknown report type {report_type_key!r}")
    source = Source(project=project, period_start=period_start, period_end=period_end, texts=texts,
                    addressee=addressee)
    sections = []
    for number, spec in enumerate(report_type.section_specs(), start=1):
        sections.append({
            "number": number, "key": spec.key, "title": str(spec.title),
            "template": f"reports/pdf/sections/{spec.template}",
            "content": CONTENT[spec.key](source, report_type),
        })
    return {
        "report_type": report_type.key, "title": str(report_type.title),
        "project": {"title": project.title, "short_name": project.short_name, "owner": str(project.owner)},
        "period_start": period_start, "period_end": period_end,
        "data_as_of": timezone.now(),
        "sections": sections,
    }

