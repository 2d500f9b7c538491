"""Putting a service's ``ValidationError`` onto a Django form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form that was submitted.

    Messages keyed by a field the form has go on that field; everything else (other keys,
    ``__all__``, or an error raised without field names) goes on the form as non-field errors.
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def with_version(data: QueryDict, version: int) -> QueryDict:
    """What they typed (a copy of ``data``), moved on to the saved ``version``.

    After a refused stale save, the form is bound to this so that saving again keeps their changes
    over the record someone else saved meanwhile.
    """
    moved = data.copy()
    moved["version"] = str(version)
    return moved
