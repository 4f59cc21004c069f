import datetime as dt

import factory
from django.utils import timezone

from seminars.models import Documentation, ProgrammeItem, Registration, Seminar, Series


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"På spaning efter ett socialt hållbart samhälle {n}")


class SeminarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seminar

    series = factory.SubFactory(SeriesFactory)
    number = "IV"
    title = factory.Sequence(lambda n: f"Socialt hållbart boende {n}")
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2025, 9, 18, 13, 0)))
    ends_at = factory.LazyAttribute(lambda seminar: seminar.starts_at + dt.timedelta(hours=3))
    place = "Göteborgsregionen, Anders Personsgatan 8"
    capacity = 80


def future_seminar(**kwargs) -> Seminar:
    """A seminar a month from now, still open for registration."""
    start = timezone.now() + dt.timedelta(days=30)
    return SeminarFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3), **kwargs)


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    seminar = factory.SubFactory(SeminarFactory)
    starts_at = dt.time(9, 0)
    title = factory.Sequence(lambda n: f"Programpunkt {n}")
    speaker = "Doris Forskare"
    speaker_title = "Forskare"
    speaker_organisation = "RISE"
    position = factory.Sequence(lambda n: n + 1)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    seminar = factory.SubFactory(SeminarFactory)
    name = factory.Sequence(lambda n: f"Deltagare {n}")
    email = factory.Sequence(lambda n: f"deltagare{n}@example.se")
    organisation = "Ale kommun"
    sector = "public"
    status = Registration.Status.REGISTERED


# The smallest bytes a PDF reader accepts as a file header; the download view does not parse it.
FAKE_SLIDES = b"%PDF-1.7\n% GR Portal test slides\n%%EOF\n"


class DocumentationFactory(factory.django.DjangoModelFactory):
    """Slides stored privately with a seminar (internal unless is_public=True), as seminars.services stores them."""

    class Meta:
        model = Documentation

    seminar = factory.SubFactory(SeminarFactory)
    file = factory.django.FileField(filename="bildspel.pdf", data=FAKE_SLIDES)
    name = "bildspel.pdf"
    content_type = "application/pdf"
    size = len(FAKE_SLIDES)
