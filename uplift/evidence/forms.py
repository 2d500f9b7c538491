"""Forms for the evidence library: one per kind of item, plus the library's filter form."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from uplift.evidence.filetypes import (
    ACCEPT_ATTRIBUTE,
    MAX_UPLOAD_LABEL,
    WHAT_IS_ACCEPTED,
    FileRejected,
    sniff,
)
from uplift.evidence.models import EvidenceItem, EvidenceKind, normalise_tags, split_tags

MAX_TAGS = 10
MAX_TAG_LENGTH = 40


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class KindChoiceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to add?",
        choices=[
            (EvidenceKind.FILE, "A file (document, spreadsheet, presentation or image)"),
            (EvidenceKind.LINK, "A link to a web page or shared document"),
            (EvidenceKind.NOTE, "A written note"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you want to add", "invalid_choice": "Choose what you want to add"},
    )


class EvidenceDetailsForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
        help_text="For example, 'Year 5 programming unit - pupil work samples'.",
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(
        label="Date of the evidence",
        help_text="When the evidence dates from, for example the day of the lesson or the policy's approval.",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the evidence", "invalid": "Enter a real date"},
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=500,
        help_text="Separate tags with commas, for example 'KS2, curriculum map'.",
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date of the evidence must be today or in the past")
        return date

    def clean_tags(self) -> str:
        tags = split_tags(normalise_tags(self.cleaned_data["tags"]))
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"Use {MAX_TAGS} tags or fewer")
        if any(len(tag) > MAX_TAG_LENGTH for tag in tags):
            raise forms.ValidationError(f"Each tag must be {MAX_TAG_LENGTH} characters or fewer")
        return ", ".join(tags)


def _check_upload(upload: object) -> object:
    try:
        sniff(upload, upload.name or "", upload.size or 0)  # type: ignore[attr-defined]
    except FileRejected as exc:
        raise forms.ValidationError(str(exc)) from exc
    return upload


class FileEvidenceForm(EvidenceDetailsForm):
    file = forms.FileField(
        label="File",
        help_text=f"{WHAT_IS_ACCEPTED[0].upper()}{WHAT_IS_ACCEPTED[1:]}, smaller than {MAX_UPLOAD_LABEL}.",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    field_order = ["file", "title", "description", "date", "tags"]

    def clean_file(self):
        return _check_upload(self.cleaned_data["file"])


class LinkEvidenceForm(EvidenceDetailsForm):
    url = forms.URLField(
        label="Web address",
        max_length=2000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Starting https:// - for example a shared document or a page on the school's website.",
        error_messages={"required": "Enter a web address", "invalid": "Enter a web address starting https://"},
    )
    field_order = ["url", "title", "description", "date", "tags"]


class NoteEvidenceForm(EvidenceDetailsForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For example, what you saw in a lesson or learnt from a pupil voice survey.",
        error_messages={"required": "Enter the note"},
    )
    field_order = ["title", "note", "description", "date", "tags"]


ADD_FORMS: dict[str, type[EvidenceDetailsForm]] = {
    EvidenceKind.FILE: FileEvidenceForm,
    EvidenceKind.LINK: LinkEvidenceForm,
    EvidenceKind.NOTE: NoteEvidenceForm,
}


class ReplaceFileForm(EvidenceDetailsForm):
    file = forms.FileField(
        label="Replace the file",
        required=False,
        help_text=f"Leave empty to keep the current file. {WHAT_IS_ACCEPTED[0].upper()}{WHAT_IS_ACCEPTED[1:]}, "
        f"smaller than {MAX_UPLOAD_LABEL}.",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return _check_upload(upload) if upload else None


def edit_form_class(item: EvidenceItem) -> type[EvidenceDetailsForm]:
    if item.kind == EvidenceKind.FILE:
        return ReplaceFileForm
    return ADD_FORMS[item.kind]


def initial_for(item: EvidenceItem) -> dict[str, object]:
    return {
        "title": item.title,
        "description": item.description,
        "date": item.date,
        "tags": item.tags,
        "url": item.url,
        "note": item.note,
    }


class LibraryFilterForm(forms.Form):
    """The library's filters (GET). Invalid values are ignored rather than shown as errors."""

    q = forms.CharField(label="Search titles", required=False, max_length=200)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *EvidenceKind.choices])
    tag = forms.ChoiceField(label="Tag", required=False)

    def __init__(self, *args: object, tags: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", "All tags"), *[(tag, tag) for tag in tags]]
