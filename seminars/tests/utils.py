from django.utils import translation
from django.utils.html import escape


def sv(msgid: str) -> str:
    """A UI string as the portal shows it in Swedish (English while untranslated), HTML-escaped."""
    with translation.override("sv"):
        return escape(translation.gettext(msgid))
