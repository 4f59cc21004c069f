"""Which projects a person's dashboards cover."""

from projects.models import Project, ProjectMembership

INTERNAL_ROLES = (ProjectMembership.Role.COORDINATOR, ProjectMembership.Role.STEERING)


def internal_project_ids(user) -> frozenset[int]:
    """Projects where the person is a coordinator or a steering-group member (one query, cached on the user)."""
    cached = getattr(user, "_dashboard_project_ids", None)
    if cached is None:
        cached = user._dashboard_project_ids = frozenset(
            ProjectMembership.objects.filter(user=user, role__in=INTERNAL_ROLES).values_list("project_id", flat=True)
        )
    return cached


def coordinated_project_ids(user) -> frozenset[int]:
    cached = getattr(user, "_dashboard_coordinated_ids", None)
    if cached is None:
        cached = user._dashboard_coordinated_ids = frozenset(
            ProjectMembership.objects.filter(user=user, role=ProjectMembership.Role.COORDINATOR)
            .values_list("project_id", flat=True)
        )
    return cached


def dashboard_projects(user):
    """The portfolio: every project for administrators, otherwise those the person coordinates or steers."""
    if not user.is_authenticated:
        return Project.objects.none()
    if user.is_staff:
        return Project.objects.all()
    return Project.objects.filter(pk__in=internal_project_ids(user))
