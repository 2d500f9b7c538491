"""Forms for workgroups: the workgroup (name, focus, members), a meeting, an output, publishing."""

from __future__ import annotations

from django import forms

from uplift.accounts.models import User
from uplift.actions.forms import DateInput
from uplift.clusters.models import Cluster
from uplift.frameworks.models import Dimension, Framework
from uplift.workgroups.models import Stage, Visibility, Workgroup
from uplift.workgroups.selectors import MAX_PER_SCHOOL, eligible_staff


class PeopleField(forms.TypedMultipleChoiceField):
    """People as checkboxes; cleans to a list of ``User``s."""

    def clean(self, value: object) -> list[User]:
        ids = super().clean(value)
        users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
        return [users[pk] for pk in ids if pk in users]


class WorkgroupForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="For example, 'KS2 programming'.",
        error_messages={"required": "Enter a name for the workgroup", "max_length": "Keep it to 120 characters"},
    )
    dimension_slug = forms.ChoiceField(label="Focus dimension", required=False)
    members = PeopleField(
        label="Members",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"1 or {MAX_PER_SCHOOL} teachers from each school.",
        error_messages={"invalid_choice": "Choose members from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: object, cluster: Cluster, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        framework = Framework.objects.current()
        dimensions = Dimension.objects.filter(framework=framework) if framework else Dimension.objects.none()
        self.fields["dimension_slug"].choices = [("", "No particular dimension")] + [
            (d.slug, d.title) for d in dimensions
        ]
        self.fields["members"].choices = [(c.user.pk, c.label) for c in eligible_staff(cluster)]

    @classmethod
    def initial_for(cls, workgroup: Workgroup) -> dict:
        return {
            "name": workgroup.name,
            "dimension_slug": workgroup.dimension_slug,
            "members": list(workgroup.members.values_list("user_id", flat=True)),
            "version": workgroup.version,
        }


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the meeting",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the meeting", "invalid": "Enter a real date"},
    )
    stage = forms.ChoiceField(
        label="Stage of the cycle",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        help_text="Plan, then implement in classrooms, then reflect on what happened.",
        error_messages={"required": "Choose the stage of the cycle"},
    )
    attendees = PeopleField(
        label="Who attended",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose attendees from the workgroup's members"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was discussed and agreed, and what happens next.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: object, workgroup: Workgroup, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [
            (m.user_id, f"{m.user.full_name or m.user.email} ({m.school.name})")
            for m in workgroup.members.select_related("user", "school")
        ]


class OutputForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the output's title", "max_length": "Keep it to 200 characters"},
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What it is and how another school could use it.",
        error_messages={"required": "Describe the output"},
    )
    link = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where to find it, for example a shared document. Starts with https://",
        error_messages={"invalid": "Enter a web address, like https://example.org/unit-plan"},
    )


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(choices=Visibility.choices, error_messages={"required": "Choose who can see it"})
