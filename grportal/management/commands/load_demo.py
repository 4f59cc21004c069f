"""Demo data: the flagship project with fictional people. Idempotent: running it twice is fine.

`load_demo --reset` deletes the demo and builds it again (see Command.reset for exactly what goes).
"""

import datetime as dt
import importlib
import importlib.util
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation, User
from budgets.models import Budget, CostLine, FinanceSupport, FinancingLine
from grportal.demo_calendar import DemoCalendar
from grportal.demo_people import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, PEOPLE
from labs.models import Activity, Lab, Method
from projects.models import Project, ProjectMembership, WorkPackage
from seminars.models import ProgrammeItem, Seminar, Series

# The projects the demo builds (by short name) and its seminar series: what --reset deletes, with the demo people.
DEMO_PROJECTS = ["SISP"]
DEMO_SERIES = "På spaning efter ett socialt hållbart samhälle"
# The apps whose <app>/demo.py adds its part: load(demo) when loading, and reset(demo), if it has one, before the
# demo is deleted (for rows the deletion of the projects, seminars and people does not reach).
DEMO_APPS = ("projects", "labs", "budgets", "seminars", "reports", "dashboards")

WORK_PACKAGES = [
    ("AP1", "Socialt bostadsförsörjningsprogram i Partille", "Partille"),
    ("AP2", "Socialt investeringsperspektiv i Björkås, Kungälv", "Kungälv"),
    ("AP3", "Seniorperspektiv i planeringen, Stenungsund", "Stenungsund"),
    ("AP4", "Regional modell för social konsekvensanalys", "Göteborgsregionen"),
    ("AP5", "Samverkan, delaktighet och kompetensutveckling", "Göteborgsregionen"),
]

LABS = [
    # name, municipality, method, work package, place, lead email
    ("Labb Ale: markanvisning", "Ale", "Markanvisning som socialt verktyg", "AP4", "Nödinge",
     "labb.ale@demo.grportal.se"),
    ("Labb Kungälv: Björkås", "Kungälv", "Socialt investeringsperspektiv", "AP2", "Björkås",
     "labb.kungalv@demo.grportal.se"),
    ("Labb Mölndal: SKA i detaljplan", "Mölndal", "Social konsekvensanalys (SKA) i detaljplaneprocessen", "AP4",
     "Mölndals stadshus", "labb.molndal@demo.grportal.se"),
    ("Labb Partille: bostadsförsörjning", "Partille", "Socialt bostadsförsörjningsprogram", "AP1", "Partille kommunhus",
     "labb.partille@demo.grportal.se"),
    ("Labb Stenungsund: seniorer", "Stenungsund", "Seniorperspektiv i planeringen", "AP3", "Stenungsunds kulturhus",
     "labb.stenungsund@demo.grportal.se"),
]


class Command(BaseCommand):
    help = "Load the demo data (the flagship project, its labs and one user per role). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")
        parser.add_argument("--reset", action="store_true",
                            help="Delete the demo (its projects, seminar series and people) and build it again.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError("Demo data has a published password: load it only with DJANGO_DEBUG=1.")
        if options["reset"]:
            self.reset()
        org = {o.name: o for o in Organisation.objects.all()}
        for name, kind in [
            ("Hyresgästföreningen", Organisation.Kind.CIVIL_SOCIETY),
            ("RISE", Organisation.Kind.ACADEMIA),
            ("Alingsåshem", Organisation.Kind.COMPANY),
        ]:
            org[name], _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})

        users = {}
        for email, name, org_name, _role in PEOPLE:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": name, "organisation": org[org_name]}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[email] = user
        admin = users["admin@demo.grportal.se"]
        if not admin.is_staff:
            admin.is_staff = admin.is_superuser = True
            admin.save()

        # The source plan's dates (2017–2019) moved so the project runs today; a demo already loaded keeps its own.
        loaded = Project.objects.filter(short_name="SISP").values_list("start_date", flat=True).first()
        calendar = DemoCalendar.of_start(loaded) if loaded else DemoCalendar.for_today(timezone.localdate())
        project, _ = Project.objects.get_or_create(
            short_name="SISP",
            defaults={
                "title": "Social innovation i samhällsplanering",
                "description": (
                    "Innovationslabb där kommunerna i Göteborgsregionen utvecklar och testar metoder för "
                    "social hållbarhet i samhällsplaneringen: stärkt social sammanhållning och minskad "
                    "boendesegregation."
                ),
                "owner": org["Göteborgsregionen"],
                "funder": org["Vinnova"],
                "start_date": calendar.date(dt.date(2017, 12, 1)),
                "end_date": calendar.date(dt.date(2019, 11, 30)),
                "status": Project.Status.RUNNING,
            },
        )
        project.municipalities.add(*(org[m] for m in ["Ale", "Kungälv", "Mölndal", "Partille", "Stenungsund"]))
        for email, role in [
            ("samordnare@demo.grportal.se", ProjectMembership.Role.COORDINATOR),
            ("styrgrupp@demo.grportal.se", ProjectMembership.Role.STEERING),
            ("referens@demo.grportal.se", ProjectMembership.Role.REFERENCE),
            ("vinnova@demo.grportal.se", ProjectMembership.Role.FUNDER_CONTACT),
            # Works at Länsstyrelsen, so sees the reports addressed to Länsstyrelsen and not Vinnova's.
            ("lansstyrelsen@demo.grportal.se", ProjectMembership.Role.FUNDER_CONTACT),
        ]:
            ProjectMembership.objects.get_or_create(project=project, user=users[email], role=role)
        FinanceSupport.objects.get_or_create(project=project, user=users["ekonomi@demo.grportal.se"])

        packages = {}
        for code, title, responsible in WORK_PACKAGES:
            packages[code], _ = WorkPackage.objects.get_or_create(
                project=project, code=code,
                defaults={"title": title, "responsible": org[responsible], "status": WorkPackage.Status.ONGOING,
                          "start_date": project.start_date, "end_date": project.end_date},
            )

        methods = {m.name: m for m in Method.objects.all()}
        for name, municipality, method, package, place, lead in LABS:
            lab, created = Lab.objects.get_or_create(
                project=project, name=name,
                defaults={"municipality": org[municipality], "kind": Lab.Kind.LOCAL,
                          "work_package": packages[package], "place": place, "phase": Lab.Phase.TEST},
            )
            lab.methods.add(methods[method])  # labs/demo.py adds the second method of the Mölndal lab
            lab.leads.add(users[lead])
            if created:
                self._activities(lab, users[lead], calendar)

        budget, created = Budget.objects.get_or_create(
            project=project, name="Ansökt budget", defaults={"kind": Budget.Kind.APPLIED, "is_current": True}
        )
        if created:
            gr = org["Göteborgsregionen"]
            for year in (calendar.year(2018), calendar.year(2019)):
                CostLine.objects.create(budget=budget, year=year, category=CostLine.Category.PERSONNEL,
                                        organisation=gr, description="Projektledning 30 %",
                                        amount=Decimal("252000.00"))
                CostLine.objects.create(budget=budget, year=year, category=CostLine.Category.PREMISES,
                                        organisation=gr, description="Lokaler", amount=Decimal("50000.00"))
                CostLine.objects.create(budget=budget, year=year, category=CostLine.Category.MEETINGS,
                                        organisation=gr, description="Möten och fika", amount=Decimal("30000.00"))
                CostLine.objects.create(budget=budget, year=year, category=CostLine.Category.TRAVEL,
                                        organisation=gr, description="Resor", amount=Decimal("30000.00"))
                CostLine.objects.create(budget=budget, year=year, category=CostLine.Category.INDIRECT,
                                        organisation=gr, description="OH-kostnader GR", amount=Decimal("45000.00"))
                FinancingLine.objects.create(budget=budget, year=year, kind=FinancingLine.Kind.GRANT,
                                             organisation=org["Vinnova"], amount=Decimal("362000.00"))
            # The overhead is not financed: "Slutsats: går ej ihop!"

        series, _ = Series.objects.get_or_create(title=DEMO_SERIES)
        tz = timezone.get_current_timezone()
        for number, title, day in [("IV", "Socialt hållbart bostadsbyggande", dt.date(2018, 10, 11)),
                                   ("V", "Unga människors inflytande i planeringen", dt.date(2019, 2, 14))]:
            seminar, created = Seminar.objects.get_or_create(
                series=series, number=number,
                defaults={"title": title, "theme": title, "project": project, "work_package": packages["AP5"],
                          "starts_at": dt.datetime.combine(calendar.date(day), dt.time(9, 0), tz),
                          "ends_at": dt.datetime.combine(calendar.date(day), dt.time(12, 0), tz),
                          "place": "Göteborgsregionen, Anders Personsgatan 8, Göteborg",
                          "accessibility": "Stegfri entré, hörslinga i lokalen.", "capacity": 60},
            )
            if created:
                ProgrammeItem.objects.create(seminar=seminar, starts_at=dt.time(9, 0), position=1,
                                             title="Välkommen", speaker="Sara Samordnare",
                                             speaker_title="Projektledare, Göteborgsregionen")
                ProgrammeItem.objects.create(seminar=seminar, starts_at=dt.time(9, 15), position=2,
                                             title=title, speaker="Doris Forskare",
                                             speaker_title="Forskare, RISE")

        # Each app may add its own part of the demo in <app>/demo.py: load(demo) with this namespace.
        demo = SimpleNamespace(project=project, users=users, org=org, packages=packages, budget=budget,
                               labs=list(project.labs.all()), series=series, calendar=calendar)
        for module in _demo_modules():
            module.load(demo)

        if not options["quiet_logins"]:
            self.stdout.write(self.style.SUCCESS("Demo data is loaded. Log in at http://127.0.0.1:8000 with:"))
            for email, _name, _org, role in PEOPLE:
                self.stdout.write(f"  {email:38} {role}")
            self.stdout.write(f"  password for all: {DEMO_PASSWORD}   (local demo only)")

    def reset(self):
        """Delete the demo, and nothing else: the demo projects (DEMO_PROJECTS) with everything that belongs to them
        (cascade: work packages, labs and activities, budgets, reports, meetings, ...), the seminars of the demo
        series or of a demo project (with registrations and documents) and the series, the rows each app's
        reset(demo) names, and the people whose email ends with DEMO_EMAIL_DOMAIN. Organisations, the method
        catalogue, funders' general rules and on-cost rates stay (shared with real data; loading reuses them), and
        so do history rows and stored files."""
        projects = Project.objects.filter(short_name__in=DEMO_PROJECTS)
        people = User.objects.filter(email__iendswith=DEMO_EMAIL_DOMAIN)
        demo = SimpleNamespace(projects=projects, users=people)
        for module in _demo_modules():
            if hasattr(module, "reset"):
                module.reset(demo)
        Seminar.objects.filter(Q(series__title=DEMO_SERIES) | Q(project__in=projects)).delete()
        Series.objects.filter(title=DEMO_SERIES).delete()
        projects.delete()
        people.delete()

    def _activities(self, lab, lead, calendar):
        rows = [
            (Activity.Kind.KICK_OFF, "Lokalt uppstartsmöte", dt.date(2018, 1, 24), 12, 7, 5, 0),
            (Activity.Kind.WORKSHOP, "Workshop: problembild", dt.date(2018, 3, 15), 18, 10, 7, 1),
            (Activity.Kind.INTERVIEW, "Intervjuer med boende", dt.date(2018, 5, 3), 6, 4, 2, 0),
        ]
        for kind, title, date, total, women, men, other in rows:
            Activity.objects.create(
                lab=lab, kind=kind, title=title, date=calendar.date(date), place=lab.place, participants_total=total,
                participants_women=women, participants_men=men, participants_other=other,
                co_financed_hours=Decimal("12.00"), status=Activity.Status.SUBMITTED, created_by=lead,
                lessons="Tidig dialog med förvaltningarna gav bättre uppslutning.",
            )


def _demo_modules():
    """Each app's demo module (<app>/demo.py), for the apps that have one."""
    return [importlib.import_module(f"{app}.demo") for app in DEMO_APPS
            if importlib.util.find_spec(f"{app}.demo") is not None]
