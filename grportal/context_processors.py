from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The main menu follows the role: only what this person can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("home"), _("Start")), (reverse("projects:list"), _("My projects"))]
    if user.is_staff or user.labs_led.exists():
        items.append((reverse("labs:mine"), _("My labs")))
        items.append((reverse("labs:lessons"), _("Lessons learned")))
    items.append((reverse("seminars:list"), _("Seminars")))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Administration")))
    path = request.path
    return {"nav_items": [
        {"url": url, "label": label, "current": path == url or (url != "/" and path.startswith(url))}
        for url, label in items
    ]}
