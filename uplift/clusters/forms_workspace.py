"""Forms for the cluster workspace: the index's filters, the timeline, and the action plans."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from uplift.accounts.models import ProgrammeRole, User
from uplift.actions.forms import DateInput, PersonChoiceField
from uplift.actions.selectors import school_members
from uplift.clusters.models import Cluster
from uplift.clusters.selectors_workspace import Gap
from uplift.cohorts.models import Cohort
from uplift.schools.models import Region, School


class ClusterFilterForm(forms.Form):
    """Filters on the index (managers): cohort, region of the meeting school, advisor."""

    cohort = forms.TypedChoiceField(label="Cohort", required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label="Region", required=False, coerce=int, empty_value=None)
    advisor = forms.TypedChoiceField(label="Advisor", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: object, clusters: QuerySet[Cluster], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        cohort_ids = clusters.values("cohort_id")
        self.fields["cohort"].choices = [("", "All cohorts")] + [
            (c.pk, c.name) for c in Cohort.objects.filter(pk__in=cohort_ids).order_by("-starts_on", "name")
        ]
        self.fields["region"].choices = [("", "All regions")] + [
            (r.pk, r.name) for r in Region.objects.filter(schools__pk__in=clusters.values("meeting_school")).distinct()
        ]
        advisors = User.objects.filter(
            programme_memberships__role=ProgrammeRole.ADVISOR, advised_clusters__in=clusters
        ).distinct()
        self.fields["advisor"].choices = [("", "All advisors")] + [
            (u.pk, u.full_name or u.email) for u in advisors.order_by("full_name", "email")
        ]


class TimelineForm(forms.Form):
    kickoff_on = forms.DateField(
        label="Kick-off",
        widget=DateInput(),
        error_messages={"required": "Enter the kick-off date", "invalid": "Enter a real date for the kick-off"},
    )
    midpoint_on = forms.DateField(
        label="Mid-point review",
        widget=DateInput(),
        error_messages={
            "required": "Enter the mid-point review date",
            "invalid": "Enter a real date for the mid-point review",
        },
    )
    ends_on = forms.DateField(
        label="End of the programme",
        widget=DateInput(),
        error_messages={"required": "Enter the end date", "invalid": "Enter a real date for the end"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput())


class PlanActionForm(forms.Form):
    """An action added to a member school's plan from one of its gaps."""

    aspect = forms.TypedChoiceField(
        label="Gap in the framework",
        coerce=int,
        help_text="An aspect below the framework's threshold; the cluster's focus comes first.",
        error_messages={
            "required": "Choose the gap this action works on",
            "invalid_choice": "Choose a gap from the list",
        },
    )
    title = forms.CharField(
        label="What will be done?",
        max_length=200,
        error_messages={"required": "Enter what will be done", "max_length": "Keep it to 200 characters or fewer"},
    )
    detail = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How, and how you will know.",
    )
    owner = PersonChoiceField(
        label="Owner at the school",
        queryset=None,
        empty_label="Choose a member of staff",
        help_text="The member of the school's staff who makes sure it happens.",
        error_messages={"required": "Choose an owner at the school", "invalid_choice": "Choose an owner from the list"},
    )
    due_date = forms.DateField(
        label="Due date",
        widget=DateInput(),
        error_messages={"required": "Enter a due date", "invalid": "Enter a real date"},
    )

    def __init__(self, *args: object, school: School, gaps: list[Gap], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.gaps = {gap.aspect.pk: gap for gap in gaps}
        self.fields["aspect"].choices = [("", "Choose a gap")] + [
            (
                gap.aspect.pk,
                f"{gap.dimension.title}: {gap.aspect.title} "
                f"({'level ' + str(gap.level) if gap.level else 'not judged'}{', focus' if gap.is_focus else ''})",
            )
            for gap in gaps
        ]
        self.fields["owner"].queryset = school_members(school)

    def clean_aspect(self) -> Gap:
        value = self.cleaned_data["aspect"]
        return self.gaps[value]


class AgreeForm(forms.Form):
    """Mark an action as agreed in the cluster's plan (or take it out)."""

    action = forms.IntegerField(widget=forms.HiddenInput())
    version = forms.IntegerField(widget=forms.HiddenInput())
    agreed = forms.TypedChoiceField(
        choices=[("1", "Agree"), ("0", "Take out")], coerce=lambda v: v == "1", widget=forms.HiddenInput()
    )
