"""The spreadsheet writer: formula-like text quoted, numbers and dates kept, CSV whole or streamed, XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from uplift.lib.spreadsheets import csv_lines, csv_response, csv_streaming_response, neutralise, xlsx_response

PAYLOADS = ['=HYPERLINK("http://evil.test","x")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
HEADER = ["Text", "Int", "Decimal", "Float", "Date", "Empty"]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # the byte order mark Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_starts_a_formula_gets_a_quote(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("text", ["Plan the year", "a=b", "1+1", "", " =1", "'=already quoted", "£12", "é=1"])
def test_other_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_a_csv_quotes_formulas_and_keeps_numbers_dates_and_blanks() -> None:
    rows = [[payload, -3, Decimal("-2.50"), -1.5, dt.date(2027, 1, 2), None] for payload in PAYLOADS]
    rows.append(["-3", 0, Decimal("10.00"), 0.25, dt.datetime(2027, 1, 2, 9, 30, tzinfo=dt.UTC), ""])

    response = csv_response(filename="plan.csv", header=HEADER, rows=rows)
    table = read_csv(response.content)

    assert table[0] == HEADER
    assert [row[0] for row in table[1:7]] == ["'" + payload for payload in PAYLOADS]
    assert table[1][1:] == ["-3", "-2.50", "-1.5", "2027-01-02", ""]  # negative numbers stay numbers
    assert table[7] == ["'-3", "0", "10.00", "0.25", "2027-01-02T09:30:00+00:00", ""]  # "-3" typed as text


def test_a_csv_is_an_attachment_kept_out_of_caches() -> None:
    response = csv_response(filename="cohort-3-applications.csv", header=HEADER, rows=[])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"cohort-3-applications.csv\"; filename*=UTF-8''cohort-3-applications.csv"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert read_csv(response.content) == [HEADER]


def test_the_streamed_csv_is_the_same_file_written_a_line_at_a_time() -> None:
    rows = [["=1", 1, None, None, None, None], ["Plan, with a comma", 2, None, None, None, None]]
    read: list[int] = []

    def lazily():
        for row in rows:
            read.append(row[1])
            yield row

    streamed = csv_streaming_response(filename="plan.csv", header=HEADER, rows=lazily())
    whole = csv_response(filename="plan.csv", header=HEADER, rows=rows)

    assert isinstance(streamed, StreamingHttpResponse)
    assert read == []  # nothing is read before the response is sent
    chunks = [chunk.decode() for chunk in streamed.streaming_content]
    assert chunks == ["\ufeffText,Int,Decimal,Float,Date,Empty\r\n", "'=1,1,,,,\r\n", '"Plan, with a comma",2,,,,\r\n']
    assert "".join(chunks).encode() == whole.content
    assert (streamed["Content-Disposition"], streamed["Cache-Control"]) == (
        whole["Content-Disposition"],
        whole["Cache-Control"],
    )


def test_csv_lines_reads_rows_one_at_a_time() -> None:
    lines = csv_lines(["A"], iter([["+1"], ["x"]]))

    assert next(lines) == "\ufeffA\r\n"
    assert next(lines) == "'+1\r\n"
    assert list(lines) == ["x\r\n"]


@pytest.mark.parametrize("value", [True, object(), ["a list"], {"a": 1}])
def test_a_cell_must_be_text_a_number_a_date_or_empty(value: object) -> None:
    with pytest.raises(TypeError, match="A spreadsheet cell cannot hold"):
        csv_response(filename="x.csv", header=["A"], rows=[[value]])
    with pytest.raises(TypeError, match="A spreadsheet cell cannot hold"):
        xlsx_response(filename="x.xlsx", sheet_title="X", header=["A"], rows=[[value]])


def test_an_xlsx_quotes_formulas_as_text_and_keeps_numbers_and_dates() -> None:
    rows = [[payload, -3, Decimal("-2.50"), -1.5, dt.date(2027, 1, 2), None] for payload in PAYLOADS]
    rows.append(["Bell\x07 and\x0b tab", 7, Decimal("1"), 1.0, dt.datetime(2027, 7, 1, 9, 30, tzinfo=dt.UTC), None])

    response = xlsx_response(filename="plan.xlsx", sheet_title="Action plan", header=HEADER, rows=rows)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="plan.xlsx"')
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [sheet.cell(row=row, column=1) for row in range(2, 8)]
    # XML reads a carriage return back as a line feed; what matters is the quote in front.
    assert [cell.value for cell in texts] == ["'" + payload.replace("\r", "\n") for payload in PAYLOADS]
    assert {cell.data_type for cell in texts} == {"s"}  # never a formula
    numbers = [sheet.cell(row=2, column=column) for column in (2, 3, 4)]
    assert [cell.value for cell in numbers] == [-3, -2.5, -1.5]
    assert {cell.data_type for cell in numbers} == {"n"}
    assert sheet["E2"].value == dt.datetime(2027, 1, 2)  # a date cell, shown as a date
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    assert sheet["F2"].value is None
    assert sheet["A8"].value == "Bell and tab"  # characters XLSX cannot hold are dropped
    assert sheet["E8"].value == dt.datetime(2027, 7, 1, 10, 30)  # London time (BST)
    assert sheet["E8"].number_format == "dd/mm/yyyy hh:mm"


def test_an_xlsx_has_a_bold_frozen_header_and_the_layout_asked_for() -> None:
    response = xlsx_response(
        filename="judgements.xlsx",
        sheet_title="A sheet title longer than Excel's limit of 31",
        header=["Aspect", "Commentary"],
        rows=[["Vision", "Long text"]],
        column_widths=[40, 80],
        wrap_text=True,
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "A sheet title longer than Excel"
    assert [cell.value for cell in sheet[1]] == ["Aspect", "Commentary"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (40, 80)
    assert sheet["B2"].alignment.wrap_text
    assert sheet["B2"].alignment.vertical == "top"
    assert not sheet["B1"].alignment.wrap_text
