from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import QueryDict

from uplift.lib.forms import apply_errors, with_version


class _Form(forms.Form):
    title = forms.CharField()


def _bound() -> _Form:
    form = _Form({"title": "Plan"})
    assert form.is_valid()
    return form


def test_field_messages_go_on_their_fields_and_the_rest_on_top():
    form = _bound()
    apply_errors(form, ValidationError({"title": "Too long", "owner": "Pick someone", NON_FIELD_ERRORS: "Stale"}))
    assert form.errors["title"] == ["Too long"]
    assert form.non_field_errors() == ["Pick someone", "Stale"]
    assert "title" not in form.cleaned_data


def test_an_error_without_field_names_goes_on_top():
    form = _bound()
    apply_errors(form, ValidationError("The cluster has already finished."))
    assert form.non_field_errors() == ["The cluster has already finished."]
    assert "title" not in form.errors


def test_with_version_keeps_what_they_typed_and_moves_the_version_on():
    typed = QueryDict("title=Mine&version=3")
    moved = with_version(typed, 5)
    assert moved["title"] == "Mine"
    assert moved["version"] == "5"
    assert typed["version"] == "3"
