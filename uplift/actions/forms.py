"""Forms for the action plan: an action (create and edit), a status change and the plan's filters."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from uplift.actions.models import Action, ActionStatus
from uplift.actions.selectors import PlanFilters, plan_dimensions, school_members
from uplift.frameworks.models import Aspect, CpdTopic, Dimension, Framework
from uplift.schools.models import School


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    """An action's fields. Choices come from the current framework (plus the action's own, if older)."""

    title = forms.CharField(
        label="What will be done?",
        max_length=200,
        help_text="A concrete step, for example 'Map the KS2 programming units against the national curriculum'.",
        error_messages={"required": "Enter what will be done", "max_length": "Keep it to 200 characters or fewer"},
    )
    detail = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How you will do it, and how you will know it is done.",
    )
    owner = PersonChoiceField(
        label="Owner",
        queryset=None,
        empty_label="Choose a member of staff",
        help_text="The member of the school who makes sure it happens.",
        error_messages={"required": "Choose an owner", "invalid_choice": "Choose an owner from the list"},
    )
    due_date = forms.DateField(
        label="Due date",
        widget=DateInput(),
        error_messages={"required": "Enter a due date", "invalid": "Enter a real date"},
    )
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, initial=ActionStatus.PLANNED)
    dimension = forms.ModelChoiceField(
        label="Dimension",
        queryset=None,
        empty_label="Choose a dimension",
        error_messages={"required": "Choose a dimension", "invalid_choice": "Choose a dimension from the list"},
    )
    aspect = forms.TypedChoiceField(
        label="Aspect",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an aspect from the list"},
    )
    cpd_topic = forms.ChoiceField(label="CPD topic", required=False)

    def __init__(
        self, *args: object, school: School, framework: Framework, action: Action | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = school_members(school)
        dimensions = Q(framework=framework)
        aspects = Q(framework=framework)
        if action is not None:
            # An action made on an older framework version keeps its own dimension and aspect.
            dimensions |= Q(pk=action.dimension_id)
            if action.aspect_id:
                aspects |= Q(pk=action.aspect_id)
            # Whoever owns it stays a valid choice even if they have left; the service checks changes.
            if action.owner_id:
                self.fields["owner"].queryset = (
                    self.fields["owner"].queryset | type(action.owner).objects.filter(pk=action.owner_id)
                ).distinct()
        self.fields["dimension"].queryset = Dimension.objects.filter(dimensions).order_by("framework_id", "order")
        self._aspects = {
            aspect.pk: aspect
            for aspect in Aspect.objects.filter(aspects).select_related("dimension").order_by("framework_id", "order")
        }
        groups: dict[str, list[tuple[int, str]]] = {}
        for aspect in self._aspects.values():
            groups.setdefault(aspect.dimension.title, []).append((aspect.pk, aspect.title))
        self.fields["aspect"].choices = [("", "No particular aspect"), *groups.items()]
        topics = CpdTopic.objects.filter(framework=framework).order_by("title").values_list("slug", "title")
        self.fields["cpd_topic"].choices = [("", "None"), *topics]
        if action is not None and action.cpd_topic and action.cpd_topic not in dict(topics):
            self.fields["cpd_topic"].choices.append((action.cpd_topic, action.cpd_topic))

    def clean_aspect(self) -> Aspect | None:
        pk = self.cleaned_data.get("aspect")
        return self._aspects.get(pk) if pk else None

    def clean(self) -> dict[str, object]:
        data = super().clean()
        dimension, aspect = data.get("dimension"), data.get("aspect")
        if dimension is not None and aspect is not None and aspect.dimension_id != dimension.pk:
            self.add_error("aspect", f"Choose an aspect of {dimension.title}, or no particular aspect")
        return data


class ActionEditForm(ActionForm):
    # The version the person started editing from (optimistic concurrency).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanFilterForm(forms.Form):
    """The plan's filters (GET, works without JavaScript). Unknown values are ignored."""

    dimension = forms.ChoiceField(label="Dimension", required=False)
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), ("open", "Open (planned or in progress)"), *ActionStatus.choices],
    )
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args: object, school: School, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [("", "All dimensions"), *plan_dimensions(school)]
        self.fields["owner"].choices = [
            ("", "Anyone"),
            *[(person.pk, person.full_name or person.email) for person in school_members(school)],
        ]

    def summary(self, filters: PlanFilters) -> str:
        """The filters in words, for the table's caption (and so for the printed plan)."""
        parts = []
        if filters.dimension:
            parts.append(dict(self.fields["dimension"].choices).get(filters.dimension, filters.dimension))
        if filters.owner:
            parts.append(f"owned by {dict(self.fields['owner'].choices).get(filters.owner, 'someone')}")
        if filters.status:
            parts.append(str(dict(self.fields["status"].choices).get(filters.status, filters.status)).lower())
        if filters.overdue:
            parts.append("overdue")
        return ", ".join(parts)

    def filters(self) -> PlanFilters:
        if not self.is_valid():
            # Drop only what is invalid: keep the filters that make sense.
            data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        else:
            data = self.cleaned_data
        return PlanFilters(
            dimension=data.get("dimension") or "",
            owner=data.get("owner"),
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
        )
