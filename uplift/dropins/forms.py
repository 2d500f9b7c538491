"""Forms for drop-ins: one drop-in, a monthly series, cancelling, the schedule's filters, attendance."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from uplift.accounts.models import ProgrammeRole, User
from uplift.dropins.models import Booking, BookingStatus, DropIn, DropInMode
from uplift.frameworks.models import CpdTopic, Framework


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"  # type: ignore[attr-defined]


def _topics(current: DropIn | None = None) -> forms.models.QuerySet:
    framework = Framework.objects.current()
    qs = CpdTopic.objects.filter(framework=framework) if framework else CpdTopic.objects.none()
    if current is not None:
        qs = qs | CpdTopic.objects.filter(pk=current.topic_id)
    return qs.order_by("title")


def hosts() -> forms.models.QuerySet:
    return (
        User.objects.filter(
            is_active=True, programme_memberships__role__in=[ProgrammeRole.MANAGER, ProgrammeRole.ADVISOR]
        )
        .distinct()
        .order_by("full_name", "email")
    )


class _DropInFields(forms.Form):
    topic = forms.ModelChoiceField(
        label="CPD topic",
        queryset=CpdTopic.objects.none(),
        empty_label="Choose a CPD topic",
        help_text="The CPD this drop-in helps teachers put into practice.",
        error_messages={"required": "Choose a CPD topic", "invalid_choice": "Choose a CPD topic from the list"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title", "max_length": "Keep it to 200 characters or fewer"},
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        initial=60,
        min_value=15,
        max_value=480,
        widget=forms.NumberInput(attrs={"class": "u-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the length in minutes",
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": "Enter a length between 15 and 480 minutes",
            "max_value": "Enter a length between 15 and 480 minutes",
        },
    )
    mode = forms.ChoiceField(
        label="Online or in person?",
        choices=DropInMode.choices,
        widget=forms.RadioSelect(attrs={"class": "u-radios--inline"}),
        error_messages={"required": "Choose online or in person"},
    )
    joining_link = forms.URLField(
        label="Joining link",
        required=False,
        assume_scheme="https",
        help_text="For online drop-ins. Shown only to people with a place, advisors and managers.",
        error_messages={"invalid": "Enter a real web address, starting with https://"},
    )
    venue = forms.CharField(label="Venue", required=False, max_length=300, help_text="For in-person drop-ins.")
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "u-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number",
            "min_value": "Enter between 1 and 500 places",
            "max_value": "Enter between 1 and 500 places",
        },
    )
    host = PersonChoiceField(
        label="Host",
        required=False,
        queryset=User.objects.none(),
        empty_label="No host named yet",
        help_text="A programme manager or an advisor.",
        error_messages={"invalid_choice": "Choose a host from the list"},
    )

    def __init__(self, *args: object, dropin: DropIn | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _topics(dropin)
        self.fields["host"].queryset = hosts()


class DropInForm(_DropInFields):
    date = forms.DateField(
        label="Date", widget=DateInput(), error_messages={"required": "Enter the date", "invalid": "Enter a real date"}
    )
    time = forms.TimeField(
        label="Start time",
        widget=TimeInput(),
        help_text="UK time, for example 16:00.",
        error_messages={"required": "Enter the start time", "invalid": "Enter a real time, for example 16:00"},
    )
    field_order = ["topic", "title", "description", "date", "time"]

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class DropInEditForm(DropInForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


WEEKDAYS = [(i, name) for i, name in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])]
NTH = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (-1, "Last")]


class SeriesForm(_DropInFields):
    nth = forms.TypedChoiceField(label="Which week of the month?", choices=NTH, coerce=int, initial=2)
    weekday = forms.TypedChoiceField(label="Day", choices=WEEKDAYS, coerce=int, initial=1)
    time = forms.TimeField(
        label="Start time",
        widget=TimeInput(),
        help_text="UK time, for example 16:00.",
        error_messages={"required": "Enter the start time", "invalid": "Enter a real time, for example 16:00"},
    )
    first_month = forms.DateField(
        label="First month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="For example 2027-01 for January 2027.",
        error_messages={
            "required": "Enter the first month",
            "invalid": "Enter the month as year and month, for example 2027-01",
        },
    )
    months = forms.IntegerField(
        label="Number of months",
        min_value=1,
        max_value=12,
        initial=6,
        widget=forms.NumberInput(attrs={"class": "u-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of months",
            "invalid": "Enter the number of months as a whole number",
            "min_value": "Enter between 1 and 12 months",
            "max_value": "Enter between 1 and 12 months",
        },
    )
    field_order = ["topic", "title", "description", "nth", "weekday", "time", "first_month", "months"]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        required=False,
        max_length=300,
        help_text="Sent to the people who booked.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FilterForm(forms.Form):
    topic = forms.ChoiceField(label="CPD topic", required=False)
    mode = forms.ChoiceField(label="Online or in person", required=False, choices=[("", "Any"), *DropInMode.choices])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic"), *_topics().values_list("slug", "title")]


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label="Who attended?",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who came. Anyone not ticked is recorded as absent.",
    )
    walk_ins = forms.CharField(
        label="Walk-ins",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="People from cluster schools who came without booking: their email addresses, one a line.",
    )

    def __init__(self, *args: object, bookings: list[Booking], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (
                b.pk,
                f"{b.user.full_name or b.user.email}, {b.school.name}"
                + (" (walk-in)" if b.status == BookingStatus.WALK_IN else ""),
            )
            for b in bookings
        ]
        if not bookings:
            del self.fields["attended"]

    def walk_in_emails(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("walk_ins", "").splitlines() if line.strip()]
