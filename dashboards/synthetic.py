"""Synthetic data for benchmarks, at a chosen scale (1 ≈ GR today: 10 projects, 100 labs, 20,000 activities,
5,000 seminar registrations). Written with bulk_create: no signals, no history rows, fast.

Every call adds one batch on top of what is there, so a benchmark can grow from scale 1 to scale 5 by adding
4 more. The people who look at the data (a steering-group member and a coordinator of every synthetic project)
are created once and put on every new project.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from budgets.models import Budget, CostLine, FinancingLine
from labs.models import Activity, CoFinancedTime, Lab, Method, TargetGroupCount
from projects.models import (
    FundingApplication,
    Indicator,
    IndicatorValue,
    Milestone,
    Project,
    ProjectMembership,
    TargetGroup,
    WorkPackage,
)
from seminars.models import Registration, Seminar

from .models import Decision, Meeting
from .selectors import bump_generation

PER_SCALE = {"projects": 10, "labs_per_project": 10, "activities_per_lab": 200, "seminars": 50,
             "registrations_per_seminar": 100}
FOCUS_AREAS = ["Bostäder och samhällsplanering", "Tidiga år", "Skolår", "Arbete och försörjning", "Trygghet"]
STEERING_EMAIL = "styrgrupp@synthetic.invalid"
COORDINATOR_EMAIL = "samordnare@synthetic.invalid"
BATCH = 5000


def _org(name, kind):
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return org


def people():
    steering, _ = User.objects.get_or_create(email=STEERING_EMAIL, defaults={"full_name": "Syntetisk Styrgrupp"})
    coordinator, _ = User.objects.get_or_create(email=COORDINATOR_EMAIL,
                                                defaults={"full_name": "Syntetisk Samordnare"})
    return steering, coordinator


@transaction.atomic
def generate(scale: int, *, seed: int = 2026, today: dt.date | None = None) -> dict:
    """Add `scale` × PER_SCALE rows; returns what was created, counted."""
    rng = random.Random(seed + Project.objects.count())
    today = today or timezone.localdate()
    municipalities = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("pk"))
    if not municipalities:
        municipalities = [_org(f"Syntetisk kommun {i}", Organisation.Kind.MUNICIPALITY) for i in range(13)]
    funders = list(Organisation.objects.filter(kind=Organisation.Kind.FUNDER).order_by("pk")) or [
        _org("Syntetisk finansiär", Organisation.Kind.FUNDER)]
    owner = _org("Göteborgsregionen", Organisation.Kind.REGION)
    methods = list(Method.objects.all()) or [Method.objects.create(name="Syntetisk metod")]
    steering, coordinator = people()
    start_no = Project.objects.count()

    n_projects = PER_SCALE["projects"] * scale
    projects = Project.objects.bulk_create([
        Project(title=f"Syntetiskt projekt {start_no + i + 1}", short_name=f"SYN{start_no + i + 1}", owner=owner,
                funder=rng.choice(funders), start_date=today - dt.timedelta(days=rng.randint(200, 900)),
                end_date=today + dt.timedelta(days=rng.randint(100, 900)),
                status=rng.choice([Project.Status.RUNNING] * 4 + [Project.Status.GRANTED, Project.Status.APPLIED]),
                focus_area=rng.choice(FOCUS_AREAS))
        for i in range(n_projects)
    ])
    through = Project.municipalities.through
    through.objects.bulk_create([
        through(project_id=p.pk, organisation_id=m.pk) for p in projects for m in rng.sample(municipalities, 3)])
    ProjectMembership.objects.bulk_create(
        [ProjectMembership(project=p, user=steering, role=ProjectMembership.Role.STEERING) for p in projects]
        + [ProjectMembership(project=p, user=coordinator, role=ProjectMembership.Role.COORDINATOR) for p in projects])

    packages = WorkPackage.objects.bulk_create([
        WorkPackage(project=p, code=f"AP{k}", title=f"Arbetspaket {k}", start_date=p.start_date,
                    end_date=p.start_date + dt.timedelta(days=rng.randint(150, 1000)),
                    status=rng.choice(list(WorkPackage.Status.values)))
        for p in projects for k in range(1, 6)
    ])
    Milestone.objects.bulk_create([
        Milestone(work_package=wp, title=f"Milstolpe {k}", due_date=today + dt.timedelta(days=rng.randint(-200, 300)),
                  done=rng.random() < 0.4)
        for wp in packages for k in range(2)
    ])
    groups = TargetGroup.objects.bulk_create([
        TargetGroup(project=p, name=name) for p in projects for name in ("Unga", "Nyanlända", "Äldre")])
    groups_by_project = {}
    for g in groups:
        groups_by_project.setdefault(g.project_id, []).append(g)

    # (project, number, municipality, method), drawn in the order the random stream always had
    lab_rows = [(p, k, rng.choice(municipalities), rng.choice(methods))
                for p in projects for k in range(PER_SCALE["labs_per_project"])]
    labs = Lab.objects.bulk_create([
        Lab(project=p, name=f"Labb {p.short_name}-{k}", municipality=municipality, kind=Lab.Kind.LOCAL,
            work_package=packages[projects.index(p) * 5 + k % 5], place="Kommunhuset")
        for p, k, municipality, _method in lab_rows
    ])
    Lab.methods.through.objects.bulk_create([
        Lab.methods.through(lab_id=lab.pk, method_id=row[3].pk) for lab, row in zip(labs, lab_rows, strict=True)])
    kinds = list(Activity.Kind.values)
    activity_count = 0
    tg_rows, cf_rows = [], []
    for start in range(0, len(labs), max(1, BATCH // PER_SCALE["activities_per_lab"])):
        chunk = labs[start:start + max(1, BATCH // PER_SCALE["activities_per_lab"])]
        rows = []
        for lab in chunk:
            quiet = rng.random() < 0.05  # a few labs have gone quiet
            for _ in range(PER_SCALE["activities_per_lab"]):
                total = rng.randint(3, 30)
                women = rng.randint(0, total)
                men = rng.randint(0, total - women)
                rows.append(Activity(
                    lab=lab, kind=rng.choice(kinds), title="Workshop", place=lab.place,
                    date=today - dt.timedelta(days=rng.randint(90 if quiet else 0, 730)),
                    participants_total=total, participants_women=women, participants_men=men,
                    participants_other=total - women - men, participants_public=total // 2,
                    co_financed_hours=Decimal(rng.randint(0, 16)), status=Activity.Status.APPROVED,
                    lessons="Tidig dialog gav bättre uppslutning." if rng.random() < 0.2 else ""))
        created = Activity.objects.bulk_create(rows, batch_size=BATCH)
        activity_count += len(created)
        lab_municipality = {lab.pk: lab.municipality_id for lab in chunk}
        project_of = {lab.pk: lab.project_id for lab in chunk}
        for a in created:
            if rng.random() < 0.25:
                tg_rows.append(TargetGroupCount(activity_id=a.pk, target_group=rng.choice(
                    groups_by_project[project_of[a.lab_id]]), count=rng.randint(1, max(1, a.participants_total))))
            if a.co_financed_hours and rng.random() < 0.25:
                cf_rows.append(CoFinancedTime(activity_id=a.pk, organisation_id=lab_municipality[a.lab_id],
                                              hours=a.co_financed_hours))
    TargetGroupCount.objects.bulk_create(tg_rows, batch_size=BATCH)
    CoFinancedTime.objects.bulk_create(cf_rows, batch_size=BATCH)

    budgets = Budget.objects.bulk_create([Budget(project=p, name="Beviljad budget", kind=Budget.Kind.GRANTED,
                                                 is_current=True) for p in projects])
    costs, financing = [], []
    for i, b in enumerate(budgets):
        project = projects[i]
        for year in (today.year - 1, today.year, today.year + 1):
            for category in (CostLine.Category.PERSONNEL, CostLine.Category.PREMISES, CostLine.Category.TRAVEL):
                costs.append(CostLine(budget=b, year=year, category=category, organisation=owner,
                                      amount=Decimal(rng.randint(10, 300) * 1000)))
        total = sum(c.amount for c in costs[-9:])
        gap = Decimal(0) if i % 3 else Decimal(rng.randint(5, 90) * 1000)  # every third does not balance
        per_year = (total - gap) / 3
        for year in (today.year - 1, today.year, today.year + 1):
            financing.append(FinancingLine(budget=b, year=year, kind=FinancingLine.Kind.GRANT,
                                           organisation=project.funder, amount=per_year.quantize(Decimal("0.01"))))
    CostLine.objects.bulk_create(costs, batch_size=BATCH)
    FinancingLine.objects.bulk_create(financing, batch_size=BATCH)

    FundingApplication.objects.bulk_create([
        FundingApplication(project=p, funder=p.funder, call="Utlysning", amount_applied=Decimal(2_000_000),
                           amount_granted=Decimal(1_500_000) if k == 0 else None,
                           status=FundingApplication.Status.GRANTED if k == 0 else FundingApplication.Status.PLANNED,
                           deadline=today + dt.timedelta(days=rng.randint(-300, 200)))
        for p in projects for k in range(2)
    ])
    indicators = Indicator.objects.bulk_create([
        Indicator(project=p, name=f"Indikator {k}", baseline=Decimal(0), target=Decimal(100)) for p in projects
        for k in range(3)])
    IndicatorValue.objects.bulk_create([
        IndicatorValue(indicator=ind, period_start=dt.date(today.year - 1, 1, 1),
                       period_end=dt.date(today.year - 1, 12, 31), value=Decimal(rng.randint(0, 80)))
        for ind in indicators])

    tz = timezone.get_current_timezone()
    starts = [dt.datetime.combine(today + dt.timedelta(days=rng.randint(-600, 120)), dt.time(9), tz)
              for _ in range(PER_SCALE["seminars"] * scale)]
    seminars = Seminar.objects.bulk_create([
        Seminar(title=f"Seminarium {start_no}-{k}", place="Göteborg", capacity=150,
                project=projects[k % len(projects)], starts_at=start, ends_at=start + dt.timedelta(hours=3))
        for k, start in enumerate(starts)
    ])
    genders = ["woman", "man", "other", ""]
    sectors = ["public", "civil", "private", "academia", "other"]
    registrations = [
        Registration(seminar=s, name=f"Deltagare {s.pk}-{k}", email=f"d{s.pk}-{k}@synthetic.invalid",
                     sector=rng.choice(sectors), gender=rng.choice(genders))
        for s in seminars for k in range(PER_SCALE["registrations_per_seminar"])
    ]
    Registration.objects.bulk_create(registrations, batch_size=BATCH)

    meetings = Meeting.objects.bulk_create([
        Meeting(project=p, date=today - dt.timedelta(days=rng.randint(1, 300)), title="Styrgruppsmöte",
                attendees="Ordförande\nProjektledare", agenda="Läget\nBudget") for p in projects for _ in range(2)])
    Decision.objects.bulk_create([
        Decision(meeting=m, text=f"Beslut {k}", status=rng.choice(["open", "done"])) for m in meetings
        for k in range(3)])
    bump_generation()  # bulk_create sends no signals: the dashboards' cache must forget
    return {"projects": len(projects), "labs": len(labs), "activities": activity_count,
            "registrations": len(registrations), "budgets": len(budgets)}
