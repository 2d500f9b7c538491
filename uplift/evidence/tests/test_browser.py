"""Browser journey: the evidence library, without JavaScript (every page axe-checked by ``ui``)."""

from __future__ import annotations

import pytest

from uplift.evidence.models import EvidenceItem
from uplift.evidence.tests import files
from uplift.testing.browser import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_builds_the_library_and_a_governor_reads_it(ui_without_js: UI, ui_factory, cast, tmp_path) -> None:
    ui = ui_without_js
    pdf = tmp_path / "Computing policy.pdf"
    pdf.write_bytes(files.pdf_bytes())
    fake = tmp_path / "scheme.pdf"
    fake.write_bytes(files.exe_bytes())
    library = f"/schools/{cast.school_a.urn}/evidence/"

    ui.sign_in(cast.teacher)
    ui.visit(library)
    assert ui.heading() == "Evidence library"
    ui.click_and_wait("Add evidence")
    ui.choose("A file (document, spreadsheet, presentation or image)")
    ui.submit("Continue")
    assert ui.heading() == "Upload a file"

    # A program renamed .pdf is refused, with the reason in the error summary.
    ui.field("File").set_input_files(str(fake))
    ui.fill("Title", "Scheme of work")
    ui.submit("Add to the library")
    assert "The selected file must be a PDF" in ui.error_summary()

    ui.field("File").set_input_files(str(pdf))
    ui.fill("Tags", "policy, leadership")
    ui.submit("Add to the library")
    assert ui.heading() == "Scheme of work"
    assert "Open Computing policy.pdf" in ui.main_text()

    ui.click_and_wait("Evidence library")
    ui.click_and_wait("Add evidence")
    ui.choose("A written note")
    ui.submit("Continue")
    ui.fill("Title", "Pupil voice, Year 6")
    ui.fill("Note", "Pupils enjoy the physical computing unit.")
    ui.submit("Add to the library")

    ui.click_and_wait("Evidence library")
    ui.select("Tag", "policy")
    ui.submit("Apply filters")
    assert "1 item matching your filters" in ui.main_text()
    assert "Pupil voice" not in ui.main_text()

    governor = ui_factory(javascript=False)
    governor.sign_in(cast.governor)
    governor.visit(library)
    assert "Add evidence" not in governor.main_text()
    governor.click_and_wait("Scheme of work")
    assert "Edit" not in governor.links()
    download = governor.page.request.get(governor.url(governor.links()["Open Computing policy.pdf"]))
    assert download.status == 200 and download.body() == files.pdf_bytes()

    ui.click_and_wait("Clear filters")
    ui.click_and_wait("Pupil voice, Year 6")
    ui.click_and_wait("Delete Pupil voice, Year 6")
    ui.submit("Delete evidence")
    assert list(EvidenceItem.objects.values_list("title", flat=True)) == ["Scheme of work"]
