"""The seminars' part of the demo: the series "På spaning efter ett socialt hållbart samhälle" with the two past
seminars (IV, V) that load_demo creates and a coming one (VI) open for registration, all with programme items,
accessibility information, a few fictional registrations (example addresses), feedback and a public document.
Idempotent (keyed on series and number, seminar and email, seminar and file name)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Documentation, Feedback, ProgrammeItem, Registration, Seminar

PEOPLE = [
    ("Alva Exempelsson", "alva@example.se", "Ale kommun", "public", "woman", True),
    ("Bo Demosson", "bo@example.se", "Räddningsmissionen", "civil", "man", True),
    ("Cleo Testare", "cleo@example.se", "Chalmers", "academia", "woman", False),
    ("Dan Påhittad", "dan@example.se", "Bostadsbolaget", "private", "", False),
]

INVITATION = ("Välkommen till ett frukostseminarium i serien På spaning efter ett socialt hållbart samhälle. "
              "Kaffe och smörgås serveras från 8.30.")

COMING = {
    "number": "VI", "title": "Trygghet och tillit i stadsdelen",
    "theme": "Hur skapar planering och samverkan trygga och tillitsfulla stadsdelar?",
    "programme": [
        (dt.time(9, 0), dt.time(9, 15), "Välkommen och inledning", "Sara Samordnare", "Projektledare",
         "Göteborgsregionen"),
        (dt.time(9, 15), dt.time(10, 0), "Tillit som planeringsfråga", "Doris Forskare", "Forskare", "RISE"),
        (dt.time(10, 0), dt.time(10, 20), "Paus med kaffe", "", "", ""),
        (dt.time(10, 20), dt.time(11, 15), "Erfarenheter från Björkås", "Karl Kungälv", "Labbledare",
         "Kungälvs kommun"),
        (dt.time(11, 15), dt.time(12, 0), "Samtal och frågor", "Alva Exempelsson", "Moderator", "Ale kommun"),
    ],
}

# A minimal valid PDF: the demo's public documentation of seminar IV.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _coming_seminar(demo) -> Seminar:
    tz = timezone.get_current_timezone()
    # Three months ahead of the day the demo is first loaded, so it stays open for registration for a while.
    day = timezone.localdate() + dt.timedelta(days=90)
    seminar, created = Seminar.objects.get_or_create(
        series=demo.series, number=COMING["number"],
        defaults={"title": COMING["title"], "theme": COMING["theme"], "project": demo.project,
                  "work_package": demo.packages["AP5"],
                  "starts_at": dt.datetime.combine(day, dt.time(9, 0), tz),
                  "ends_at": dt.datetime.combine(day, dt.time(12, 0), tz),
                  "registration_deadline": dt.datetime.combine(day - dt.timedelta(days=7),
                                                               dt.time(23, 59), tz),
                  "place": "Göteborgsregionen, Anders Personsgatan 8, Göteborg", "capacity": 60,
                  "step_free_access": True, "hearing_loop": True,
                  "interpretation": "Teckenspråkstolk finns på plats.",
                  "accessibility": "Närmaste hållplats: Svingeln. Parkering för rörelsehindrade vid entrén."},
    )
    if created:
        for position, (start, end, title, speaker, speaker_title, org) in enumerate(COMING["programme"], start=1):
            ProgrammeItem.objects.create(seminar=seminar, position=position, starts_at=start, ends_at=end,
                                         title=title, speaker=speaker, speaker_title=speaker_title,
                                         speaker_organisation=org)
    return seminar


def load(demo):
    _coming_seminar(demo)
    for seminar in demo.series.seminars.all():
        if not seminar.invitation:
            seminar.invitation = INVITATION
            seminar.food_served = True
            seminar.step_free_access = True
            seminar.hearing_loop = True
            seminar.save(update_fields=["invitation", "food_served", "step_free_access", "hearing_loop"])
        # load_demo writes "title, organisation" in one field; split it once.
        for item in seminar.programme.filter(speaker_organisation="", speaker_title__contains=", "):
            item.speaker_title, item.speaker_organisation = item.speaker_title.split(", ", 1)
            item.save(update_fields=["speaker_title", "speaker_organisation"])
        past = seminar.ends_at < timezone.now()
        for name, email, org, sector, gender, attended in PEOPLE:
            Registration.objects.update_or_create(
                seminar=seminar, email=email,
                defaults={"name": name, "organisation": org, "sector": sector, "gender": gender,
                          "status": Registration.Status.REGISTERED,
                          "attended_at": seminar.ends_at if attended and past else None,
                          "feedback_given": attended and past},
            )
        if past and not seminar.feedback.exists():
            Feedback.objects.create(seminar=seminar, rating=5, comment="Bra blandning av forskning och praktik.",
                                    created_on=seminar.ends_at.date())
            Feedback.objects.create(seminar=seminar, rating=4, comment="", created_on=seminar.ends_at.date())
            Seminar.objects.filter(pk=seminar.pk).update(feedback_requested_at=seminar.ends_at)
        if past and seminar.number == "IV" and not seminar.documentation.filter(name="presentation.pdf").exists():
            doc = Documentation(seminar=seminar, name="presentation.pdf", content_type="application/pdf",
                                size=len(DEMO_PDF), is_public=True)
            doc.file.save("presentation.pdf", ContentFile(DEMO_PDF), save=False)
            doc.save()
