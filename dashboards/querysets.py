"""Which projects a person's dashboards cover."""

from projects.models import Project
from projects.roles import roles_for


def internal_project_ids(user) -> frozenset[int]:
    """Projects where the person is a coordinator or a steering-group member (projects.roles)."""
    return roles_for(user).internal


def coordinated_project_ids(user) -> frozenset[int]:
    return roles_for(user).coordinates


def dashboard_projects(user):
    """The portfolio: every project for administrators, otherwise those the person coordinates or steers."""
    if not user.is_authenticated:
        return Project.objects.none()
    if user.is_staff:
        return Project.objects.all()
    return Project.objects.filter(pk__in=internal_project_ids(user))
