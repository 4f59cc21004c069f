"""The content functions against numbers worked out by hand; the 40/60 verdict on its boundaries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from labs.models import Activity
from labs.tests.factories import ActivityFactory
from projects.models import OrganisationMember, OrganisationMemberShare
from reports.content import build_content, gender_verdict
from reports.models import MemberGender
from reports.registry import REPORT_TYPES, SECTIONS, addressee_for, get_report_type

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.mark.parametrize(("women", "men", "balanced"), [
    (40, 60, True),  # exactly 40 % is balanced
    (60, 40, True),
    (Decimal("39.9"), Decimal("60.1"), False),  # 39.9 % is not
    (Decimal("60.1"), Decimal("39.9"), False),
    (2, 3, True),  # 40 % of five people
    (1, 2, False),  # 33.3 %
    (50, 50, True),
    (0, 4, False),
    (0, 0, None),  # nobody of known gender: no verdict
])
def test_the_gender_verdict_holds_on_its_boundaries(women, men, balanced):
    assert gender_verdict(women, men)["balanced"] is balanced


def test_the_verdict_compares_exactly_not_on_rounded_percentages():
    # 399 of 1000 rounds to 39.9 %, 3999 of 10000 rounds to 40.0 % but is still below 40 %.
    verdict = gender_verdict(3999, 6001)
    assert verdict["women_percent"] == Decimal("40.0")
    assert verdict["balanced"] is False


def test_every_report_type_lists_known_sections_and_the_funder_checklists_hold():
    for report_type in REPORT_TYPES.values():
        assert all(key in SECTIONS for key in report_type.sections)
    vinnova = get_report_type("vinnova_progress").sections
    for key in ("summary", "public_summary", "goals", "activities", "participants", "gender", "budget", "deviations",
                "next_period"):
        assert key in vinnova
    lansstyrelsen = get_report_type("lansstyrelsen_account").sections
    assert {"use_of_funds", "financial_account", "signature"} <= set(lansstyrelsen)
    esf = get_report_type("esf_final").sections
    assert {"participants", "gender", "accessibility", "budget", "deviations", "goals"} <= set(esf)
    # Vinnova's public-summary headings differ while running and when finished.
    assert str(get_report_type("vinnova_final").text_label("purpose")) != \
        str(get_report_type("vinnova_progress").text_label("purpose"))


def _members(project, rows):
    for name, group, share, gender in rows:
        member = OrganisationMember.objects.create(project=project, group=group, name=name, share_of_time=share)
        if gender:
            MemberGender.objects.create(member=member, gender=gender)


def _section(content, key):
    return next(s["content"] for s in content["sections"] if s["key"] == key)


def test_the_management_is_weighed_by_the_shares_of_the_report_period_when_a_seat_has_periods(world):
    """A coordination seat whose share changes over the project counts, in the report's gender section, by the days
    each share covers of the report period (projects.shares_of_time.share_over_period), not as 0 %."""
    G, W, M = OrganisationMember.Group, MemberGender.Gender.WOMAN, MemberGender.Gender.MAN
    _members(world.project, [("Eva", G.COORDINATION, None, W), ("Fred", G.COORDINATION, Decimal("20"), M)])
    eva = OrganisationMember.objects.get(name="Eva")
    # 2025: 50 % for 181 days (Jan–Jun), 20 % for 184 days (Jul–Dec) → (50·181 + 20·184) / 365 = 34,88 %.
    OrganisationMemberShare.objects.create(member=eva, share_percent=Decimal("50"), valid_from=dt.date(2025, 1, 1),
                                           valid_to=dt.date(2025, 6, 30))
    OrganisationMemberShare.objects.create(member=eva, share_percent=Decimal("20"), valid_from=dt.date(2025, 7, 1))

    def management(start, end):
        content = build_content(report_type_key="vinnova_progress", project=world.project, period_start=start,
                                period_end=end)
        return _section(content, "gender")["rows"][1]["v"]

    whole_year = management(START, END)
    assert (whole_year["women"], whole_year["men"]) == (Decimal("34.88"), Decimal("20"))
    first_half = management(START, dt.date(2025, 6, 30))
    assert (first_half["women"], first_half["men"]) == (Decimal("50.00"), Decimal("20"))
    # Before her first period she was not in the project: 0 % for those days.
    assert management(dt.date(2024, 7, 1), dt.date(2024, 12, 31))["women"] == Decimal("0.00")


def test_the_gender_section_counts_the_steering_group_and_weighs_the_management_by_share_of_time(world):
    G, W, M = OrganisationMember.Group, MemberGender.Gender.WOMAN, MemberGender.Gender.MAN
    _members(world.project, [
        ("Anna", G.STEERING, None, W), ("Bo", G.STEERING, None, M), ("Cilla", G.STEERING, None, W),
        ("Dan", G.STEERING, None, None),  # gender not stated: left out of the verdict, shown as not recorded
        ("Eva", G.COORDINATION, Decimal("30"), W), ("Fred", G.COORDINATION, Decimal("20"), M),
        ("Gun", G.REFERENCE, None, W),  # the reference group is not counted
    ])
    ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, date=dt.date(2025, 3, 1),
                    kind=Activity.Kind.WORKSHOP, participants_total=10, participants_women=4, participants_men=6,
                    participants_other=0)
    ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, date=dt.date(2025, 4, 1),
                    kind=Activity.Kind.MEETING, participants_total=10, participants_women=7, participants_men=3,
                    participants_other=0)

    content = build_content(report_type_key="vinnova_progress", project=world.project, period_start=START,
                            period_end=END)
    rows = _section(content, "gender")["rows"]

    steering, management, *kinds = rows
    assert (steering["v"]["women"], steering["v"]["men"], steering["v"]["unknown"]) == (2, 1, 1)
    assert steering["v"]["balanced"] is False  # 1 of 3 men = 33.3 %
    assert (management["v"]["women"], management["v"]["men"]) == (30, 20)
    assert management["v"]["women_percent"] == Decimal("60.0") and management["v"]["balanced"] is True
    verdicts = {row["label"]: row["v"]["balanced"] for row in kinds}
    labels = {kind: next(label for label in verdicts if str(kind.label) in label)
              for kind in (Activity.Kind.MEETING, Activity.Kind.WORKSHOP)}
    assert verdicts[labels[Activity.Kind.MEETING]] is False  # 70/30
    assert verdicts[labels[Activity.Kind.WORKSHOP]] is True  # 40/60 exactly


def test_the_participant_and_indicator_figures_follow_the_data(world):
    from projects.models import Indicator, IndicatorValue

    ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, date=dt.date(2025, 3, 1),
                    participants_total=12, participants_women=5, participants_men=6, participants_other=1,
                    participants_public=8, participants_residents=4)
    ActivityFactory(lab=world.other_lab, status=Activity.Status.RETURNED, date=dt.date(2025, 3, 2),
                    participants_total=99)
    indicator = Indicator.objects.create(project=world.project, name="Workshops", baseline=0, target=8)
    IndicatorValue.objects.create(indicator=indicator, period_start=dt.date(2025, 1, 1),
                                  period_end=dt.date(2025, 6, 30), value=5)

    with translation.override("en"):
        content = build_content(report_type_key="esf_final", project=world.project, period_start=START,
                                period_end=END)

    participants = _section(content, "participants")
    assert participants["totals"] == {"total": 12, "women": 5, "men": 6, "other": 1}
    sectors = {row["label"]: row["count"] for row in participants["by_sector"]}
    assert sectors["Public sector"] == 8 and sectors["Residents"] == 4
    (row,) = _section(content, "goals")["indicators"]
    assert (row["baseline"], row["target"], row["value"], row["gap"]) == (0, 8, 5, 3)


def test_a_report_goes_to_the_funder_its_type_is_for(world):
    from accounts.models import Organisation
    from projects.models import FundingApplication

    lansstyrelsen = Organisation.objects.get(name="Länsstyrelsen Västra Götaland")
    FundingApplication.objects.create(project=world.project, funder=lansstyrelsen, status="granted",
                                      amount_applied=Decimal("400000"))

    assert addressee_for(world.project, get_report_type("lansstyrelsen_account")) == lansstyrelsen
    # No Vinnova among the project's funders: the project's main funder.
    assert addressee_for(world.project, get_report_type("vinnova_progress")) == world.project.funder


def test_the_budget_section_counts_only_the_costs_booked_up_to_the_end_of_the_period(world):
    from budgets.models import CostLine
    from budgets.tests.factories import ActualCostFactory, BudgetFactory, CostLineFactory

    owner = world.project.owner
    budget = BudgetFactory(project=world.project)
    CostLineFactory(budget=budget, organisation=owner, amount=Decimal("100000.00"))
    ActualCostFactory(project=world.project, organisation=owner, date=dt.date(2025, 3, 1), amount=Decimal("30000.00"))
    ActualCostFactory(project=world.project, organisation=owner, date=END, amount=Decimal("1000.50"))
    # Booked after the period: belongs to the next report, not to this one.
    ActualCostFactory(project=world.project, organisation=owner, date=dt.date(2026, 1, 15), amount=Decimal("9999.00"))

    content = build_content(report_type_key="vinnova_progress", project=world.project, period_start=START,
                            period_end=END)

    budget_section = _section(content, "budget")
    (personnel,) = [r for r in budget_section["by_category"] if r["label"] == str(CostLine.Category.PERSONNEL.label)]
    assert (personnel["budget"], personnel["actual"], personnel["remaining"]) == (
        Decimal("100000.00"), Decimal("31000.50"), Decimal("68999.50"))
    assert budget_section["total"]["actual"] == Decimal("31000.50")


def test_a_vinnova_report_regroups_the_budget_in_vinnovas_five_cost_categories(world):
    from budgets.models import CostLine
    from budgets.tests.factories import ActualCostFactory, BudgetFactory, CostLineFactory

    C, owner = CostLine.Category, world.project.owner
    budget = BudgetFactory(project=world.project)
    for category, amount in [(C.PERSONNEL, "100000.00"), (C.TRAVEL, "20000.00"), (C.MEETINGS, "5000.00"),
                             (C.EXTERNAL_SERVICES, "30000.00"), (C.INDIRECT, "15000.00")]:
        CostLineFactory(budget=budget, organisation=owner, category=category, amount=Decimal(amount))
    ActualCostFactory(project=world.project, organisation=owner, date=dt.date(2025, 3, 1), category=C.TRAVEL,
                      amount=Decimal("4000.00"))
    ActualCostFactory(project=world.project, organisation=owner, date=dt.date(2025, 4, 1), category=C.MEETINGS,
                      amount=Decimal("1000.50"))

    with translation.override("en"):
        vinnova = build_content(report_type_key="vinnova_progress", project=world.project, period_start=START,
                                period_end=END)
        esf = build_content(report_type_key="esf_final", project=world.project, period_start=START, period_end=END)

    rows = {r["number"]: r for r in _section(vinnova, "budget")["funder_categories"]}
    assert sorted(rows) == ["1", "2", "3", "4", "5"]
    assert (rows["1"]["budget"], rows["1"]["actual"]) == (Decimal("100000.00"), 0)
    assert (rows["2"]["budget"], rows["2"]["includes"]) == (0, [])  # no equipment or premises: shown as zero
    assert (rows["3"]["budget"], rows["5"]["budget"]) == (Decimal("30000.00"), Decimal("15000.00"))
    # Travel and meetings are Vinnova's "other direct costs".
    four = rows["4"]
    assert (four["budget"], four["actual"], four["remaining"]) == (Decimal("25000.00"), Decimal("5000.50"),
                                                                 Decimal("19999.50"))
    assert four["used_percent"] == Decimal("20.0") and len(four["includes"]) == 2
    # The categories add up to the budget's total, and other funders' reports keep the portal's categories only.
    total = _section(vinnova, "budget")["total"]
    assert sum(r["budget"] for r in rows.values()) == total["budget"]
    assert sum(r["actual"] for r in rows.values()) == total["actual"]
    assert "funder_categories" not in _section(esf, "budget")
