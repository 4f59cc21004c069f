"""The seminar as an iCalendar file (RFC 5545), built with the icalendar library."""

from django.conf import settings
from icalendar import Calendar, Event


def seminar_ics(seminar, url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Göteborgsregionen//GR Portal//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = getattr(settings, "ALLOWED_HOSTS", ["grportal"])[0].lstrip(".") or "grportal"
    event.add("uid", f"seminar-{seminar.pk}@{host if host != '*' else 'grportal'}")
    event.add("summary", str(seminar))
    event.add("dtstart", seminar.starts_at)
    event.add("dtend", seminar.ends_at)
    event.add("dtstamp", seminar.starts_at)
    event.add("location", seminar.place)
    description = "\n\n".join(part for part in (seminar.theme, seminar.accessibility, url) if part)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
