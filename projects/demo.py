"""The flagship project's plan (goals, target groups, work packages, organisation, applications).

Everything is entered through the same models the plan editor uses. Idempotent: update_or_create on natural keys.
Names of people are fictional.
"""
import datetime as dt
from decimal import Decimal

from accounts.models import Organisation

from .models import (
    FundingApplication,
    Goal,
    Indicator,
    IndicatorValue,
    KeyPerson,
    Milestone,
    OrganisationMember,
    ProjectPartner,
    TargetGroup,
)
from .services import plan_item_record_links as record_links

# The grants, two project years each: Vinnova 500 000 to GR's coordination and 5 × 78 384 to the local project
# leaders a year → 2 × 891 920 = 1 783 840; Länsstyrelsen's § 37 funds 298 480 a year → 596 960.
VINNOVA_GRANT = Decimal("1783840.00")
LANSSTYRELSEN_GRANT = Decimal("596960.00")

TARGET_GROUPS = [
    ("Planerare och samhällsbyggare", "Tjänstepersoner i kommunernas plan-, bygg- och exploateringsverksamhet."),
    ("Nyanlända", "Nyanlända som söker bostad på den regionala bostadsmarknaden."),
    ("Unga", "Unga människor som ska få inflytande i planeringen."),
    ("Äldre", "Seniorer vars perspektiv ska tas till vara i planeringen."),
    ("Boende i utsatta områden", "Boende i områden med stor boendesegregation, t.ex. Björkås i Kungälv."),
]

# (key, level, parent key, title, why for individuals, why for society, work packages)
GOALS = [
    ("O1", Goal.Level.OVERALL, None,
     "Stärkt social sammanhållning och minskad boendesegregation i regionen",
     "Fler får bo i blandade områden med tillgång till arbete, skola och service.",
     "En sammanhållen region med mindre segregation och större tillit.", []),
    ("O2", Goal.Level.OVERALL, None,
     "Ökad tillgång till den regionala bostadsmarknaden",
     "Fler hushåll, även nyanlända och unga, kan få en bostad de har råd med.",
     "En fungerande bostadsmarknad ger rörlighet och tillväxt i hela regionen.", []),
    ("P1", Goal.Level.PROJECT, "O1",
     "I ett innovationslabb utveckla och testa 4 metoder som kommunerna kan använda i planeringen",
     "Boendes behov fångas tidigt i planprocessen.",
     "Kommunerna får prövade verktyg för social hållbarhet i samhällsplaneringen.", []),
    ("P2", Goal.Level.PROJECT, "O2",
     "Genomföra 8 workshops och seminarier som höjer professionernas kunskap",
     "Tjänstepersoner får kompetens och mod att arbeta på nya sätt.",
     "Kunskapen sprids mellan kommunerna i hela Göteborgsregionen.", []),
    ("S1", Goal.Level.SUB, "P1", "Ett socialt bostadsförsörjningsprogram är framtaget i Partille",
     "Hushåll med svag ställning får bättre möjlighet till bostad.",
     "Kommunen får ett styrdokument för social bostadsförsörjning.", ["AP1"]),
    ("S2", Goal.Level.SUB, "P1", "Ett socialt investeringsperspektiv är prövat i Björkås, Kungälv",
     "Boende i Björkås får del av satsningar som gör skillnad i vardagen.",
     "Investeringar styrs dit de ger störst social nytta.", ["AP2"]),
    ("S3", Goal.Level.SUB, "P1", "Seniorperspektivet är en del av planeringen i Stenungsund",
     "Äldre kan bo kvar och delta i samhällslivet.",
     "Planeringen möter en åldrande befolknings behov.", ["AP3"]),
    ("S4", Goal.Level.SUB, "P1", "En regional modell för social konsekvensanalys (SKA) finns för alla kommuner",
     "Sociala konsekvenser för boende synliggörs innan beslut fattas.",
     "Kommunerna gör jämförbara analyser med en gemensam modell.", ["AP4"]),
    ("S5", Goal.Level.SUB, "P2", "Gemensamma lärandeträffar och kunskapsseminarier hålls två gånger per år",
     "Deltagarna lär av varandras erfarenheter.",
     "Samverkan över sektorsgränser stärks.", ["AP5"]),
]

WORK_PACKAGE_PLAN = {
    "AP1": ("Ta fram ett socialt bostadsförsörjningsprogram.", "Nyanlända", "Pia Partillesson"),
    "AP2": ("Pröva ett socialt investeringsperspektiv i Björkås.", "Boende i utsatta områden", "Kalle Kungsson"),
    "AP3": ("Föra in seniorperspektivet i planeringen.", "Äldre", "Sten Stenberg"),
    "AP4": ("Utveckla en regional modell för SKA i detaljplaneprocessen.", "Planerare och samhällsbyggare",
            "Malin Mölnberg"),
    "AP5": ("Samverkan, delaktighet och kompetensutveckling i hela GR.", "Planerare och samhällsbyggare",
            "Sara Samordnare"),
}

ORGANISATION = [
    (OrganisationMember.Group.STEERING, "Stig Styrgrupp", "Mölndal", "Ordförande, Arbetsgruppen för social hållbarhet",
     None),
    (OrganisationMember.Group.COORDINATION, "Sara Samordnare", "Göteborgsregionen", "Projektledare", "30"),
    (OrganisationMember.Group.COORDINATION, "Petra Delprojektsson", "Göteborgsregionen", "Delprojektledare", "20"),
    (OrganisationMember.Group.COORDINATION, "Ekon Ekonomsson", "Göteborgsregionen", "Ekonomi", "5"),
    (OrganisationMember.Group.COORDINATION, "Samir Samskapare", "Göteborgsregionen", "Samskapandestöd", "2"),
    (OrganisationMember.Group.PARTNER, "Doris Forskare", "RISE", "Kunskapsstöd", "15"),
    (OrganisationMember.Group.REFERENCE, "Rut Referens", "Hyresgästföreningen", "Ledamot i referensgruppen", None),
    # The steering group is GR's working group for social sustainability (Arbetsgruppen för social hållbarhet).
    (OrganisationMember.Group.STEERING, "Stina Strand", "Partille", "Ledamot, socialchefsnätverket", None),
    (OrganisationMember.Group.STEERING, "Lars Lindqvist", "Kungälv", "Ledamot, samhällsbyggnadschefsnätverket",
     None),
    (OrganisationMember.Group.STEERING, "Gunilla Berg", "Göteborgsregionen", "Sekreterare", None),
    # The reference group advises and does not co-finance.
    (OrganisationMember.Group.REFERENCE, "Hassan Alami", "Alingsåshem", "Kommunalt bostadsbolag", None),
    (OrganisationMember.Group.REFERENCE, "Eva Ek", "Länsstyrelsen Västra Götaland", "Samhällsplanering", None),
    (OrganisationMember.Group.REFERENCE, "Per Palm", "Västra Götalandsregionen", "Folkhälsa", None),
    # Local working groups: about six people at 5 % each, as co-financing (medfinansiering) in kind.
    (OrganisationMember.Group.PARTNER, "Lokal arbetsgrupp Ale (6 personer)", "Ale",
     "Lokal arbetsgrupp, medfinansiering", "5"),
    (OrganisationMember.Group.PARTNER, "Lokal arbetsgrupp Kungälv (6 personer)", "Kungälv",
     "Lokal arbetsgrupp, medfinansiering", "5"),
    (OrganisationMember.Group.PARTNER, "Lokal arbetsgrupp Mölndal (6 personer)", "Mölndal",
     "Lokal arbetsgrupp, medfinansiering", "5"),
    (OrganisationMember.Group.PARTNER, "Lokal arbetsgrupp Partille (6 personer)", "Partille",
     "Lokal arbetsgrupp, medfinansiering", "5"),
    (OrganisationMember.Group.PARTNER, "Lokal arbetsgrupp Stenungsund (6 personer)", "Stenungsund",
     "Lokal arbetsgrupp, medfinansiering", "5"),
]


def load(demo):
    project, when = demo.project, demo.calendar.date
    org = demo.org
    project.focus_area = project.focus_area or "Bostäder och samhällsplanering"
    project.tags = project.tags or "social hållbarhet, segregation, innovationslabb"
    project.save(update_fields=["focus_area", "tags"])

    groups = {}
    for name, description in TARGET_GROUPS:
        groups[name], _ = TargetGroup.objects.update_or_create(
            project=project, name=name, defaults={"description": description}
        )

    goals = {}
    for position, (key, level, parent, title, why_i, why_s, packages) in enumerate(GOALS):
        goal, created = Goal.objects.get_or_create(
            project=project, title=title,
            defaults={"level": level, "parent": goals.get(parent), "why_individuals": why_i, "why_society": why_s,
                      "position": position},
        )
        if created:
            goal.work_packages.set([demo.packages[c] for c in packages])
            record_links(goal)
        goals[key] = goal

    for code, (objective, group, leader) in WORK_PACKAGE_PLAN.items():
        package = demo.packages[code]
        if not package.objective:
            package.objective = objective
            package.local_leader_name = leader
            package.save()
        if package.start_date is None:
            package.start_date, package.end_date = project.start_date, project.end_date
            package.save()
        package.target_groups.add(groups[group])
        record_links(package)  # the links in the latest history row, as a save through the editor does
        Milestone.objects.get_or_create(
            work_package=package, title="Lokal arbetsplan klar",
            defaults={"due_date": when(dt.date(2018, 2, 28)), "kind": Milestone.Kind.DELIVERABLE},
        )
        Milestone.objects.get_or_create(
            work_package=package, title="Test och utvärdering (intervjuer) klar",
            defaults={"due_date": when(dt.date(2019, 6, 30))},
        )
    Milestone.objects.get_or_create(
        work_package=demo.packages["AP5"], title="Spridningskonferens",
        defaults={"due_date": when(dt.date(2019, 10, 15))},
    )

    Indicator.objects.get_or_create(
        project=project, name="Metoder utvecklade och testade",
        defaults={"goal": goals["P1"], "unit": "metoder", "baseline": Decimal("0"), "target": Decimal("4")},
    )
    workshops, _ = Indicator.objects.get_or_create(
        project=project, name="Workshops och seminarier genomförda",
        defaults={"goal": goals["P2"], "work_package": demo.packages["AP5"], "unit": "tillfällen",
                  "baseline": Decimal("0"), "target": Decimal("8")},
    )
    for start, end, value, comment in [
        (when(dt.date(2017, 12, 1)), when(dt.date(2018, 5, 31)), "2",
         "Inventerings- och inspirationsträff, första kunskapsseminariet."),
        (when(dt.date(2018, 6, 1)), when(dt.date(2018, 11, 30)), "5", "Tre lärande workshops med alla parter."),
    ]:
        IndicatorValue.objects.get_or_create(
            indicator=workshops, period_start=start, period_end=end,
            defaults={"value": Decimal(value), "comment": comment},
        )

    for group, name, org_name, role, share in ORGANISATION:
        OrganisationMember.objects.update_or_create(
            project=project, group=group, name=name,
            defaults={"organisation": org.get(org_name), "role": role,
                      "share_of_time": Decimal(share) if share else None},
        )
    for code, leader in ((c, p[2]) for c, p in WORK_PACKAGE_PLAN.items()):
        package = demo.packages[code]
        OrganisationMember.objects.update_or_create(
            project=project, group=OrganisationMember.Group.PARTNER, name=leader,
            defaults={"organisation": package.responsible, "role": f"Lokal projektledare {code}",
                      "share_of_time": Decimal("20")},
        )

    KeyPerson.objects.update_or_create(
        project=project, name="Sara Samordnare",
        defaults={"user": demo.users.get("samordnare@demo.grportal.se"), "organisation": org.get("Göteborgsregionen"),
                  "role": "Projektledare", "competence": "Processledning och samhällsplanering.",
                  "why_important": "Håller ihop labben och kunskapsspridningen i hela regionen."},
    )
    KeyPerson.objects.update_or_create(
        project=project, name="Doris Forskare",
        defaults={"organisation": org.get("RISE"), "role": "Kunskapsstöd",
                  "competence": "Forskning om social innovation och utvärdering.",
                  "why_important": "Ger labben metodstöd och gör utvärderingen oberoende."},
    )

    for org_name, role in [("RISE", "Kunskapsstöd"), ("Hyresgästföreningen", "Referensgrupp")]:
        if org_name in org:
            ProjectPartner.objects.update_or_create(project=project, organisation=org[org_name],
                                                    defaults={"role": role})

    # Both decisions came in November 2017, before the start in December (DOMAIN.md), and granted what was
    # applied for: the same amounts as the grant lines of the current budget (budgets/demo.py), so the
    # portal's "Beviljad" and the budget agree (budgets.selectors.grant_reconciliation finds nothing).
    funders = {o.name: o for o in Organisation.objects.filter(kind=Organisation.Kind.FUNDER)}
    if "Vinnova" in funders:
        FundingApplication.objects.update_or_create(
            project=project, funder=funders["Vinnova"], call="Social innovation mot segregation",
            defaults={"amount_applied": VINNOVA_GRANT, "amount_granted": VINNOVA_GRANT,
                      "deadline": when(dt.date(2017, 9, 27)), "decision_date": when(dt.date(2017, 11, 20)),
                      "status": FundingApplication.Status.GRANTED},
        )
    for name in funders:
        if name.startswith("Länsstyrelsen"):
            FundingApplication.objects.update_or_create(
                project=project, funder=funders[name], call="§ 37-medel",
                defaults={"amount_applied": LANSSTYRELSEN_GRANT, "amount_granted": LANSSTYRELSEN_GRANT,
                          "deadline": when(dt.date(2017, 9, 15)), "decision_date": when(dt.date(2017, 11, 15)),
                          "status": FundingApplication.Status.GRANTED},
            )
