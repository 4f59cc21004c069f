from django.db import transaction

from .models import Project, ProjectMembership


@transaction.atomic
def membership_grant(*, user, target_id: int, role: str) -> ProjectMembership:
    """Give a person a role on a project (an accepted invitation lands here)."""
    project = Project.objects.get(pk=target_id)
    membership, _ = ProjectMembership.objects.get_or_create(project=project, user=user, role=role)
    return membership
