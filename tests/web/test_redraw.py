"""The page's filled form: its wheel drawn, and the file back with its wheels drawn.

WR01 a filled Word form's answers show its competence wheel drawn from the ratings (SVG)
WR02 the panel offers "Hent med tegnet hjul" for a Word form with a wheel, and only then
WR03 ``POST /redraw`` answers with the same form, its chart's values the ratings, every
     answer kept, not cached; the page stays as it was
WR04 a file that cannot be redrawn is answered on the page at the field, in plain words
WR05 in a browser, without JavaScript: pick the file, press the button, get the download
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from musforms import build_form, preset, read_answers
from musforms.form import Form, FormQuestion
from musforms.render import registry, render_bytes
from tests.fillers import fill_docx
from tests.web import test_browser
from tests.web.test_app import FIELDS, field_error, page_fields

#: The browser tests' fixtures: a Chromium and the app served on a free local port.
browser = test_browser.browser
server_url = test_browser.server_url
CHROMIUM = test_browser.CHROMIUM

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _wheel(form: Form) -> FormQuestion:
    return next(q for q in form.questions if q.kind == "competence_wheel")


def _filled() -> tuple[Form, dict[str, Any], bytes]:
    form = build_form(preset("kompetencespind"))
    wheel = _wheel(form)
    ratings = {
        c.id: {"now": 1 + i % 5, "wanted": 5 - i % 5} for i, c in enumerate(wheel.competences)
    }
    answers = {wheel.id: ratings}
    return form, answers, fill_docx(form, render_bytes(form, registry()["docx"]), answers)


def _cached(data: bytes) -> list[list[int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chart = archive.read("word/charts/chart1.xml").decode()
    return [
        [int(v) for v in re.findall(r"<c:v>(\d+)</c:v>", cache)]
        for cache in re.findall(r"<c:numCache>(.*?)</c:numCache>", chart)
    ]


def test_a_filled_forms_wheel_is_drawn_and_offered_redrawn(client: TestClient) -> None:
    # WR01, WR02
    form, _, filled = _filled()
    html = client.post(
        "/answers", data=FIELDS, files={"answers_file": ("udfyldt.docx", filled)}
    ).text
    shown = html[html.index('id="answers"') :]
    svg = shown[shown.index('class="mus-wheel"') :]
    svg = svg[: svg.index("</svg>")]
    # Two lines drawn (now, wanted), each a marker per competence.
    series = re.findall(r'<g class="mus-series".*?</g>', svg)
    count = len(_wheel(form).competences)
    assert len(series) == 2
    assert all(line.count("<circle") == count and "<polygon" in line for line in series)
    assert 'name="redraw_file"' in shown and "Hent med tegnet hjul" in shown
    assert 'formaction="/redraw"' in shown
    book = render_bytes(form, registry()["xlsx"])
    excel = client.post("/answers", data=FIELDS, files={"answers_file": ("udfyldt.xlsx", book)})
    assert excel.status_code == 200 and "Hent med tegnet hjul" not in excel.text
    smiley = build_form(preset("smiley"))
    plain = render_bytes(smiley, registry()["docx"])
    no_wheel = client.post("/answers", data=FIELDS, files={"answers_file": ("s.docx", plain)})
    assert no_wheel.status_code == 200 and "Hent med tegnet hjul" not in no_wheel.text


def test_redraw_answers_with_the_form_its_wheel_drawn(client: TestClient, tmp_path: Path) -> None:
    # WR03
    form, answers, filled = _filled()
    response = client.post(
        "/redraw", data=FIELDS, files={"redraw_file": ("Søren Hansen.docx", filled)}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == WORD
    assert response.headers["cache-control"] == "no-store"
    assert "med hjul" in response.headers["content-disposition"]
    wheel = _wheel(form)
    ratings = answers[wheel.id]
    assert _cached(response.content) == [
        [ratings[c.id]["now"] for c in wheel.competences],
        [ratings[c.id]["wanted"] for c in wheel.competences],
    ]
    back = tmp_path / "back.docx"
    back.write_bytes(response.content)
    source = tmp_path / "filled.docx"
    source.write_bytes(filled)
    assert dict(read_answers(back).items()) == dict(read_answers(source).items())


def test_a_file_that_cannot_be_redrawn_is_answered_on_the_page(client: TestClient) -> None:
    # WR04
    form, _, _ = _filled()
    book = render_bytes(form, registry()["xlsx"])
    refused = client.post("/redraw", data=FIELDS, files={"redraw_file": ("x.xlsx", book)})
    assert refused.status_code == 400
    assert "Word" in field_error(refused.text, "answers_file")
    assert sorted(page_fields(refused.text)["q"]) == sorted(FIELDS["q"])
    empty = client.post("/redraw", data=FIELDS, files={"redraw_file": ("", b"")})
    assert empty.status_code == 400
    assert "Vælg et udfyldt skema" in field_error(empty.text, "answers_file")
    junk = client.post("/redraw", data=FIELDS, files={"redraw_file": ("x.docx", b"PK\x03")})
    assert junk.status_code == 400


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium")
def test_in_a_browser_without_javascript_the_button_downloads_the_redrawn_form(
    browser: Any, server_url: str, tmp_path: Path
) -> None:  # WR05
    _, answers, filled = _filled()
    source = tmp_path / "udfyldt.docx"
    source.write_bytes(filled)
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    context.set_default_timeout(8000)
    page = context.new_page()
    page.goto(server_url + "/")
    page.locator("#files summary").click()
    page.set_input_files("#f-answers-file", str(source))
    page.get_by_role("button", name="Se svarene").click()
    page.locator("#f-redraw-file").set_input_files(str(source))
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent med tegnet hjul").click()
    saved = tmp_path / "hjul.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "udfyldt (med hjul).docx"
    context.close()
    ratings = next(iter(answers.values()))
    assert _cached(saved.read_bytes())[0] == [r["now"] for r in ratings.values()]
