"""The "E-post från portalen" form under "Mitt konto" (issue 15): each person chooses which emails they get.

The choices live with the apps that send the emails: how a coordinator hears of submitted activities in labs
(ReviewNotice, labs.notifications), the reminders of application deadlines and milestones in projects
(ReminderOptOut, projects.notifications). grportal, the composition root, puts them on one form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from labs.models import ReviewNotice
from labs.notifications import review_notice_frequency, review_notice_set
from projects.notifications import deadline_reminders_on, deadline_reminders_set
from projects.roles import roles_for


class EmailSettingsForm(forms.Form):
    submitted = forms.ChoiceField(
        label=_("Activities submitted for review"), choices=ReviewNotice.Frequency.choices, widget=forms.RadioSelect,
        help_text=_("When a lab lead submits an activity in a project you coordinate."))
    reminders = forms.BooleanField(
        label=_("Reminders of application deadlines and milestones"), required=False,
        help_text=_("Before the deadline of an application and the date of a milestone in a project you coordinate."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not roles_for(user).coordinates_any_project:
            del self.fields["submitted"]  # only coordinators are told of submitted activities
        else:
            self.fields["submitted"].initial = review_notice_frequency(user)
        self.fields["reminders"].initial = deadline_reminders_on(user)

    def save(self) -> None:
        if "submitted" in self.fields:
            review_notice_set(user=self.user, frequency=self.cleaned_data["submitted"])
        deadline_reminders_set(user=self.user, on=self.cleaned_data["reminders"])
