import datetime as dt

import factory
from django.utils import timezone

from seminars.models import Seminar, Series


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
