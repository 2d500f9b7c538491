"""The library, add, detail, edit and delete pages: who may do what, and what each does."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from uplift.evidence import services
from uplift.evidence.models import EvidenceItem
from uplift.evidence.tests import files
from uplift.evidence.tests.factories import EvidenceItemFactory

READERS = ["governor", "trust_lead", "advisor", "hub_lead", "manager"]
WRITERS = ["lead", "head", "teacher"]
OUTSIDERS = ["lead_b", "teacher_b", "trust_lead_b", "other_advisor", "outsider"]


def library_url(cast):
    return reverse("evidence:library", args=[cast.school_a.urn])


def add_url(cast, kind=""):
    return reverse("evidence:add", args=[cast.school_a.urn]) + (f"?kind={kind}" if kind else "")


@pytest.mark.parametrize("role", READERS + WRITERS)
def test_library_is_open_to_everyone_who_sees_the_school(cast, client_for, role):
    EvidenceItemFactory(school=cast.school_a, title="Curriculum map")
    response = client_for(getattr(cast, role)).get(library_url(cast))
    assert response.status_code == 200
    assert "Curriculum map" in response.content.decode()
    assert ("Add evidence" in response.content.decode()) == (role in WRITERS)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_library_is_404_for_people_outside_the_school(cast, client_for, role):
    assert client_for(getattr(cast, role)).get(library_url(cast)).status_code == 404


def test_library_shows_only_this_schools_items(cast, client_for):
    EvidenceItemFactory(school=cast.school_a, title="Ours")
    EvidenceItemFactory(school=cast.school_b, title="Theirs")
    page = client_for(cast.lead).get(library_url(cast)).content.decode()
    assert "Ours" in page and "Theirs" not in page


def test_library_filters_by_kind_tag_and_title(cast, client_for):
    EvidenceItemFactory(school=cast.school_a, title="Pupil voice survey", tags="pupil voice, KS2")
    EvidenceItemFactory(school=cast.school_a, title="KS2 scheme", kind="link", url="https://example.org", note="")
    EvidenceItemFactory(school=cast.school_a, title="Lesson notes", tags="KS2s")
    client = client_for(cast.teacher)

    def titles(**params):
        items = client.get(library_url(cast), params).context["items"]
        return sorted(item.title for item in items)

    assert titles(kind="link") == ["KS2 scheme"]
    # Whole tags only, any case: "ks2" is not "KS2s".
    assert titles(tag="KS2") == ["Pupil voice survey"]
    assert titles(q="survey") == ["Pupil voice survey"]
    assert titles(kind="bogus") == ["KS2 scheme", "Lesson notes", "Pupil voice survey"]


def test_library_query_count_does_not_grow_with_items(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.lead)
    for n in range(3):
        EvidenceItemFactory(school=cast.school_a, title=f"Item {n}", tags="a, b")
    client.get(library_url(cast))
    with django_assert_max_num_queries(14):
        client.get(library_url(cast))
    for n in range(20):
        EvidenceItemFactory(school=cast.school_a, title=f"More {n}", tags="c")
    with django_assert_max_num_queries(14):
        client.get(library_url(cast))


@pytest.mark.parametrize("role", READERS)
def test_readers_get_403_on_add(cast, client_for, role):
    client = client_for(getattr(cast, role))
    assert client.get(add_url(cast, "note")).status_code == 403
    response = client.post(add_url(cast), {"kind": "note", "title": "x", "note": "y", "date": "2026-01-01"})
    assert response.status_code == 403
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_on_add(cast, client_for, role):
    assert client_for(getattr(cast, role)).get(add_url(cast)).status_code == 404


def test_add_starts_by_choosing_the_kind_without_javascript(cast, client_for):
    client = client_for(cast.teacher)
    page = client.get(add_url(cast)).content.decode()
    assert 'name="kind"' in page and 'method="get"' in page
    assert "Upload a file" in client.get(add_url(cast, "file")).content.decode()


def test_teacher_uploads_a_file(cast, client_for, private_media):
    response = client_for(cast.teacher).post(
        add_url(cast),
        {
            "kind": "file",
            "title": "Computing policy",
            "date": "2026-01-15",
            "tags": "policy, leadership",
            "file": files.upload("policy.pdf", files.pdf_bytes()),
        },
    )
    item = EvidenceItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence:detail", args=[cast.school_a.urn, item.pk])
    assert (item.school, item.kind, item.content_type, item.added_by) == (
        cast.school_a,
        "file",
        "application/pdf",
        cast.teacher,
    )
    assert default_storage.exists(item.file.name)


def test_refused_upload_shows_the_reason_and_stores_nothing(cast, client_for):
    response = client_for(cast.teacher).post(
        add_url(cast),
        {
            "kind": "file",
            "title": "Policy",
            "date": "2026-01-15",
            "file": files.upload("policy.pdf", files.exe_bytes()),
        },
    )
    assert response.status_code == 200
    assert "The selected file must be a PDF" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_upload_over_20_mb_shows_a_clear_error(cast, client_for):
    content = files.pdf_bytes() + b"\x00" * (20 * 1024 * 1024)
    response = client_for(cast.teacher).post(
        add_url(cast),
        {"kind": "file", "title": "Huge", "date": "2026-01-15", "file": files.upload("huge.pdf", content)},
    )
    assert "The selected file must be smaller than 20 MB" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_link_and_note_can_be_added_and_next_is_followed(cast, client_for):
    client = client_for(cast.lead)
    response = client.post(
        add_url(cast),
        {
            "kind": "link",
            "title": "Website",
            "date": "2026-01-15",
            "url": "example.org/computing",
            "next": "/there/",
        },
    )
    assert response["Location"] == "/there/"
    assert EvidenceItem.objects.get(kind="link").url == "https://example.org/computing"
    response = client.post(
        add_url(cast),
        {"kind": "note", "title": "Observation", "date": "2026-01-15", "note": "Good", "next": "https://evil.test/"},
    )
    assert response["Location"].startswith("/schools/")


def test_future_date_is_refused(cast, client_for):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(cast.lead).post(
        add_url(cast), {"kind": "note", "title": "t", "note": "n", "date": tomorrow.isoformat()}
    )
    assert "must be today or in the past" in response.content.decode()


def test_edit_is_for_writers_only(cast, client_for):
    item = EvidenceItemFactory(school=cast.school_a)
    edit = reverse("evidence:edit", args=[cast.school_a.urn, item.pk])
    assert client_for(cast.governor).get(edit).status_code == 403
    assert client_for(cast.lead_b).get(edit).status_code == 404
    response = client_for(cast.teacher).post(
        edit, {"title": "Renamed", "note": "New text", "date": "2026-02-01", "tags": "a"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.note, item.tags) == ("Renamed", "New text", "a")


def test_delete_warns_when_attached_and_removes_the_file(cast, client_for, django_capture_on_commit_callbacks):
    item = services.evidence_add_file(
        school=cast.school_a, upload=files.upload("p.pdf", files.pdf_bytes()), title="Policy", by=cast.lead
    )
    delete = reverse("evidence:delete", args=[cast.school_a.urn, item.pk])
    assert client_for(cast.governor).post(delete).status_code == 403
    assert client_for(cast.teacher_b).post(delete).status_code == 404
    client = client_for(cast.lead)
    assert "This cannot be undone" in client.get(delete).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete)
    assert response["Location"] == library_url(cast)
    assert not EvidenceItem.objects.exists()
    assert not default_storage.exists(item.file.name)


def test_image_detail_shows_a_preview_served_by_the_private_view(cast, client_for):
    item = services.evidence_add_file(
        school=cast.school_a, upload=files.upload("display.png", files.png_bytes()), title="Display", by=cast.lead
    )
    page = client_for(cast.governor).get(reverse("evidence:detail", args=[cast.school_a.urn, item.pk])).content.decode()
    download = reverse("evidence:download", args=[cast.school_a.urn, item.pk])
    assert f'<img class="u-display-block u-mt-2" src="{download}" alt="Preview of Display">' in page


def test_continuing_without_choosing_a_kind_shows_an_error(cast, client_for):
    response = client_for(cast.teacher).get(add_url(cast) + "?kind=")
    assert "Choose what you want to add" in response.content.decode()
    assert "Error: " in response.content.decode().split("</title>")[0]
