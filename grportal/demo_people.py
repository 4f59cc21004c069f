"""The demo's people, one per role: the one list `load_demo` creates and prints, and the login page lists in demo
mode (settings.GRPORTAL_DEMO_LOGINS, never on in production). All names are fictional; all share one password.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User

DEMO_PASSWORD = "demo-grportal-2026"
DEMO_EMAIL_DOMAIN = "@demo.grportal.se"


def _lab_lead(municipality):
    return format_lazy(_("lab lead, {municipality}"), municipality=municipality)


PEOPLE = [
    # email, name, organisation, what the role may do (one line)
    ("admin@demo.grportal.se", "Alva Administratör", "Göteborgsregionen", _("administrator (also /admin/)")),
    ("samordnare@demo.grportal.se", "Sara Samordnare", "Göteborgsregionen",
     _("project coordinator of the flagship project")),
    # The finance support is the "Ekonomi" seat of the project's organisation (projects/demo.py).
    ("ekonomi@demo.grportal.se", "Ekon Ekonomsson", "Göteborgsregionen",
     _("finance support: edits the flagship project's budget and outcome")),
    ("styrgrupp@demo.grportal.se", "Stig Styrgrupp", "Mölndal", _("steering-group member")),
    ("referens@demo.grportal.se", "Rut Referens", "Hyresgästföreningen", _("reference-group member")),
    ("vinnova@demo.grportal.se", "Vera Vinnova", "Vinnova",
     _("funder contact (Vinnova): sees the published reports addressed to Vinnova")),
    ("lansstyrelsen@demo.grportal.se", "Lena Länsman", "Länsstyrelsen Västra Götaland",
     _("funder contact (Länsstyrelsen): sees the published reports addressed to Länsstyrelsen")),
    ("labb.ale@demo.grportal.se", "Anna Ale", "Ale", _lab_lead("Ale")),
    ("labb.kungalv@demo.grportal.se", "Karl Kungälv", "Kungälv", _lab_lead("Kungälv")),
    ("labb.molndal@demo.grportal.se", "Maja Mölndal", "Mölndal", _lab_lead("Mölndal")),
    ("labb.partille@demo.grportal.se", "Per Partille", "Partille", _lab_lead("Partille")),
    ("labb.stenungsund@demo.grportal.se", "Stina Stenungsund", "Stenungsund", _lab_lead("Stenungsund")),
]


def demo_logins() -> list[dict]:
    """The demo people who exist and may log in, in PEOPLE's order, with their role: one query."""
    active = set(User.objects.filter(email__in=[row[0] for row in PEOPLE], is_active=True)
                 .values_list("email", flat=True))
    return [{"email": email, "name": name, "role": role} for email, name, _org, role in PEOPLE if email in active]
