"""The seminars' part of the demo: invitation texts, a speaker organisation, a few fictional registrations
(all at example addresses). Idempotent (keyed on seminar and email)."""

from .models import Registration

PEOPLE = [
    ("Alva Exempelsson", "alva@example.se", "Ale kommun", "public", "woman", True),
    ("Bo Demosson", "bo@example.se", "Räddningsmissionen", "civil", "man", True),
    ("Cleo Testare", "cleo@example.se", "Chalmers", "academia", "woman", False),
    ("Dan Påhittad", "dan@example.se", "Bostadsbolaget", "private", "", False),
]


def load(demo):
    for seminar in demo.series.seminars.all():
        if not seminar.invitation:
            seminar.invitation = ("Välkommen till ett frukostseminarium i serien På spaning efter ett socialt "
                                  "hållbart samhälle. Kaffe och smörgås serveras från 8.30.")
            seminar.food_served = True
            seminar.save(update_fields=["invitation", "food_served"])
        for name, email, org, sector, gender, attended in PEOPLE:
            Registration.objects.update_or_create(
                seminar=seminar, email=email,
                defaults={"name": name, "organisation": org, "sector": sector, "gender": gender,
                          "status": Registration.Status.REGISTERED,
                          "attended_at": seminar.ends_at if attended else None},
            )
