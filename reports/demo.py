"""The reports' part of the demo: the funders' reporting calendar, the coordinator's texts for a Vinnova
progress report and a Länsstyrelsen account, the genders of the organisation's seats (fictional people) and a
Länsstyrelsen contact without an account. Idempotent: keyed on project, type and period, member, email.

The demo does not generate the PDFs itself: the coordinator presses "Generate" on the drafts (the figures are
then read from the demo's activities, seminars and budget).
"""

import datetime as dt

from accounts.models import Organisation
from projects.models import OrganisationMember

from .models import MemberGender, ReportDraft, ReportDueDate, ReportRecipient

PROGRESS_PERIOD = (dt.date(2017, 12, 1), dt.date(2018, 11, 30))
WHOLE_PERIOD = (dt.date(2017, 12, 1), dt.date(2019, 11, 30))

# Fictional people from projects/demo.py; the coordination's shares of time are 30, 20, 5 and 2 %.
GENDERS = {
    "Stig Styrgrupp": MemberGender.Gender.MAN,
    "Gunilla Berg": MemberGender.Gender.WOMAN,
    "Lars Lindqvist": MemberGender.Gender.MAN,
    "Stina Strand": MemberGender.Gender.WOMAN,
    "Sara Samordnare": MemberGender.Gender.WOMAN,
    "Petra Delprojektsson": MemberGender.Gender.WOMAN,
    "Ekon Ekonomsson": MemberGender.Gender.MAN,
    "Samir Samskapare": MemberGender.Gender.MAN,
}

VINNOVA_TEXTS = {
    "summary": (
        "Projektet har under första året startat fem lokala innovationslabb i Ale, Kungälv, Mölndal, Partille "
        "och Stenungsund. Labben prövar metoder för social hållbarhet i samhällsplaneringen, bland annat social "
        "konsekvensanalys och markanvisning som socialt verktyg."
    ),
    "purpose": (
        "Att stärka den sociala sammanhållningen och minska boendesegregationen i regionen genom att utveckla "
        "och testa fyra metoder som kommunerna kan använda i planeringen."
    ),
    "effects": (
        "Kommunerna får prövade verktyg för social hållbarhet och tjänstepersoner får kompetens att arbeta på "
        "nya sätt. På sikt ger det blandade områden och ökad tillgång till bostadsmarknaden."
    ),
    "approach": (
        "Lokala uppstartsmöten och arbetsplaner i varje kommun, gemensamma lärandeträffar, kunskapsseminarier "
        "två gånger per år, test och utvärdering genom intervjuer samt en spridningskonferens."
    ),
    "deviations": "Labbet i Stenungsund startade två månader senare än planerat på grund av vakanser.",
    "next_period": "Pröva metoderna i skarpa planärenden och sammanställa en regional modell för SKA.",
    "gender_effects": (
        "Kvinnor och män har lika stort inflytande i styrgruppens beslut. Resultaten förväntas gynna kvinnor "
        "och män i lika hög grad; äldre kvinnor lyfts särskilt i seniorperspektivet."
    ),
}

LANSSTYRELSEN_TEXTS = {
    "summary": (
        "Medlen har använts för kapacitet och samverkan kring mottagandet av nyanlända i bostadsförsörjningen, "
        "framför allt i arbetspaketet om ett socialt bostadsförsörjningsprogram i Partille."
    ),
    "use_of_funds": (
        "Medlen har finansierat delprojektledning, lärandeträffar med kommunerna och ett kunskapsseminarium om "
        "socialt hållbart bostadsbyggande. Ett utdrag ur bokföringen bifogas."
    ),
    "deviations": "Inga avvikelser från beslutet.",
}


def load(demo):
    project, when = demo.project, demo.calendar.date
    progress = (when(PROGRESS_PERIOD[0]), when(PROGRESS_PERIOD[1]))
    whole = (when(WHOLE_PERIOD[0]), when(WHOLE_PERIOD[1]))
    for member in OrganisationMember.objects.filter(project=project, name__in=GENDERS):
        MemberGender.objects.get_or_create(member=member, defaults={"gender": GENDERS[member.name]})

    for report_type, (start, end), texts in (
        ("vinnova_progress", progress, VINNOVA_TEXTS),
        ("lansstyrelsen_account", whole, LANSSTYRELSEN_TEXTS),
    ):
        ReportDraft.objects.get_or_create(project=project, report_type=report_type, period_start=start,
                                          period_end=end, defaults={**texts, "updated_by": _coordinator(demo)})

    for report_type, (start, end), due in (
        ("vinnova_progress", progress, when(dt.date(2018, 12, 31))),
        ("vinnova_final", whole, when(dt.date(2020, 1, 31))),
        ("lansstyrelsen_account", progress, when(dt.date(2018, 12, 15))),
        ("lansstyrelsen_account", whole, when(dt.date(2019, 12, 15))),
    ):
        ReportDueDate.objects.get_or_create(project=project, report_type=report_type, due_date=due,
                                            defaults={"period_start": start, "period_end": end})

    lansstyrelsen = Organisation.objects.filter(name="Länsstyrelsen Västra Götaland").first()
    if lansstyrelsen is not None:
        ReportRecipient.objects.get_or_create(project=project, organisation=lansstyrelsen,
                                              email="handlaggare@example.se",
                                              defaults={"name": "Hanna Handläggare"})


def _coordinator(demo):
    return demo.users.get("samordnare@demo.grportal.se") if isinstance(demo.users, dict) else None
