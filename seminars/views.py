from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from .models import Seminar


def seminar_list(request):
    seminars = Seminar.objects.for_list()
    return render(request, "seminars/seminar_list.html", {"seminars": seminars})


@login_not_required
def seminar_public(request, pk):
    """The public page of a seminar: what, when, where, how accessible."""
    seminar = get_object_or_404(Seminar.objects.for_list().prefetch_related("programme"), pk=pk)
    return render(request, "seminars/seminar_public.html", {"seminar": seminar})
