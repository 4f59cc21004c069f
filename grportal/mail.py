"""Plain-text email: every subject and body the portal sends is rendered here.

An email is plain text, so a title with `<`, `"` or `&` must arrive as written, not as `&lt;` (templates are
HTML-escaped by default); and a header cannot hold a line break (Django refuses to send such a subject), so a
title written on two lines becomes one line.

Every email is sent through the outbox (grportal/outbox.py): stored with what it is about, sent by a Celery task
queued on commit, retried with backoff when the mail server does not answer.
"""

from django.template import Context
from django.template.loader import get_template


def subject_line(text) -> str:
    """The text on one line: line breaks and runs of white space become one space."""
    return " ".join(str(text).split())


def render_plain(template_name: str, context: dict) -> str:
    """A .txt template rendered as plain text: nothing HTML-escaped (included templates neither)."""
    template = get_template(template_name).template  # the engine's own Template, which takes a Context
    return template.render(Context(context, autoescape=False))


def render_email(template: str, context: dict) -> tuple[str, str]:
    """The subject (`<template>_subject.txt`, on one line) and the plain-text body (`<template>.txt`)."""
    return subject_line(render_plain(f"{template}_subject.txt", context)), render_plain(f"{template}.txt", context)

