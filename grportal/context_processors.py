from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.rules import has
from grportal import demo_people
from projects.roles import roles_for


def navigation(request):
    """The main menu follows the role: only what this person can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("home"), _("Start")), (reverse("projects:list"), _("My projects"))]
    roles = roles_for(user)  # worked out once per request, shared with the page's own permission checks
    works_inside = roles.is_staff or bool(roles.internal) or bool(roles.labs_led)
    if works_inside:
        items.append((reverse("labs:mine"), _("My labs")))
        items.append((reverse("labs:activity_log"), _("Activity log")))
        if has(user, "labs.review_inbox"):
            items.append((reverse("labs:review"), _("Review")))
        items.append((reverse("labs:lessons"), _("Lessons learned")))
    items.append((reverse("seminars:list"), _("Seminars")))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Administration")))
    path = request.path
    # The current item is the longest menu address the page lies under (/labb/aktiviteter/ is the
    # log, not "My labs" at /labb/).
    matches = [url for url, _label in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len) if matches else None
    return {"nav_items": [{"url": url, "label": label, "current": url == current} for url, label in items]}


def demo_logins(request):
    """In demo mode (GRPORTAL_DEMO_LOGINS, development only) the login page lists the demo people. The template
    calls the function, so only a page that shows the list asks the database (one query)."""
    if not settings.GRPORTAL_DEMO_LOGINS:
        return {}
    return {"demo_logins": demo_people.demo_logins, "demo_password": demo_people.DEMO_PASSWORD}
