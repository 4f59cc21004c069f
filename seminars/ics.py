"""The seminar as an iCalendar file (RFC 5545), built with the icalendar library."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def seminar_ics(seminar, url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Göteborgsregionen//GR Portal//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # A stable, globally unique id: the same seminar always updates the same calendar entry.
    event.add("uid", f"seminar-{seminar.pk}@{urlsplit(settings.SITE_URL).hostname or 'grportal'}")
    event.add("summary", str(seminar))
    event.add("dtstart", seminar.starts_at)
    event.add("dtend", seminar.ends_at)
    event.add("dtstamp", timezone.now())  # when this file was made (RFC 5545), not when the seminar starts
    event.add("sequence", seminar.version)  # a moved seminar replaces the old entry in the calendar
    event.add("location", seminar.place)
    description = "\n\n".join(part for part in (seminar.theme, seminar.accessibility, url) if part)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
