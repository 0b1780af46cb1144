"""The web MUS-automat's routes, through Starlette's TestClient.

W001: GET / lists every category and question of the bank in its HTML (JS only improves it).
W002: ?preset=NAME ticks the preset's questions and fills the settings; ?lang=en switches.
W003: the preview is the form body of the same Form the downloads use.
W004: every download format; safe file names; a download is what `build` makes of the saved spec.
W005: problems are shown next to their field, in the page's language.
W006: bodies over 1 MB get 413 before they are read whole.
W007: hostile input is refused or neutralised, never executed, and never touches the disk.
W008: security headers, Host check, static files only from the package, no inline script.
W009: without JavaScript: add and remove own questions, switch language, keep the state.
W010: the sections layout: rename, reorder, move questions; every label in both languages.
W011: a saved spec opens again (upload), errors named with their line.
W012: new sections and own questions go before the closing sections; a new question joins the
      section that holds its theme.
W013: changing the ready form keeps the basics and own questions, and asks (also without
      JavaScript) before it drops chosen questions.
W014: plain words: the year is a field, no template syntax or file formats in what she reads.
W015: a filled form's answers are shown beside the page, which stays as it was.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import zipfile
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from musforms import build_form, load_bank, preset
from musforms.spec import FormSpec
from musforms.web._labels import KIND_NAMES, LABELS
from musforms.web._state import clean, planning_year, show_year
from musforms.web.app import MAX_BODY_BYTES, create_app
from tests.test_templating import ITEM_3

BANK = load_bank()

#: A small form as the page submits it: two ticked questions and one own choice question.
FIELDS: dict[str, Any] = {
    "lang": "da",
    "title": "MUS 2027",
    "organisation": "Eksempel Kommune",
    "language": "da",
    "theme": "Digitalisering",
    "q": ["trivsel.trivsel_nu", "opgaver.resultater", "afslutning.udviklingsplan"],
    "cq": ["c1"],
    "cq_text.c1": "Hvilket værktøj savner du?",
    "cq_kind.c1": "choice",
    "cq_options.c1": "Et nyt system\nMere tid\nIntet",
}


def post(client: TestClient, path: str, **changes: Any) -> Any:
    return client.post(path, data={**FIELDS, **changes})


def docx_tags(data: bytes) -> set[str]:
    """Return the question ids in a .docx's content-control tags (``id`` of ``id:part``)."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    return {tag.split(":", 1)[0] for tag in re.findall(r'<w:tag w:val="([^"]+)"', xml)}


def docx_text(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def field_error(html: str, field: str) -> str:
    """Return the text of the error slot next to ``field`` ("" when hidden)."""
    match = re.search(
        rf'<p class="field-error" id="err-{re.escape(field)}"( hidden)?>(.*?)</p>', html
    )
    assert match, f"no error slot for {field}"
    return "" if match.group(1) else re.sub(r"<[^>]+>", "", match.group(2))


# -- W001 the page lists the bank -----------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_page_lists_every_category_and_question_with_a_labelled_tick_box(
    client: TestClient, lang: str
) -> None:  # W001
    html = client.get(f"/?lang={lang}").text
    assert f'<html lang="{lang}">' in html
    for category in BANK.categories:
        assert f'id="cat-{category.id}"' in html
        assert f'<summary><span class="cat-title">{category.title.get(lang)}' in html
    for question in BANK.questions:
        box = f'<input type="checkbox" name="q" value="{question.id}" id="pick-{question.id}">'
        assert box in html
        assert f'<label for="pick-{question.id}">' in html
    assert html.count('<details class="category"') == len(BANK.categories)
    assert KIND_NAMES[lang]["smiley"] in html and KIND_NAMES[lang]["long_text"] in html


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("trivesl", "da", "trivsel.trivsel_nu"),
        ("sygefravær", "da", "fravaer.tilbage_nu"),
        ("arbejdspres", "da", "arbejdsmiljo.perioder_med_pres"),
        ("work-life", "da", "arbejdsmiljo.balance"),
        ("work-life balance", "en", "arbejdsmiljo.balance"),
        ("stress", "da", "arbejdsmiljo.perioder_med_pres"),
    ],
    ids=["typo", "compound", "compound-head", "hyphen-da", "hyphen-en", "synonym"],
)
def test_the_search_endpoint_finds_what_the_bank_search_finds(
    client: TestClient, query: str, lang: str, expected: str
) -> None:  # W001
    body = client.get("/search", params={"search": query, "lang": lang}).json()
    assert body["ids"] == [q.id for q in BANK.search(query, lang)]
    assert expected in body["ids"]
    assert body["terms"][expected], "the words that matched, to mark them"
    assert "passer på søgningen" in body["message"] or "match" in body["message"]


def test_the_search_reads_only_the_shown_language_unless_asked(client: TestClient) -> None:  # W001
    danish_only = client.get("/search", params={"search": "wellbeing", "lang": "da"}).json()
    both = client.get(
        "/search", params={"search": "wellbeing", "lang": "da", "search_both": "1"}
    ).json()
    assert danish_only["ids"] == [] and both["ids"]
    assert "Ingen spørgsmål passer" in danish_only["message"]


def test_filters_narrow_the_list_by_kind_audience_length_and_theme(
    client: TestClient,
) -> None:  # W001
    body = client.get(
        "/search",
        params={"filter_kind": "smiley", "filter_audience": "leader", "filter_category": "smiley"},
    ).json()
    assert body["ids"]
    for question_id in body["ids"]:
        question = BANK[question_id]
        assert question.kind == "smiley" and "leader" in question.audience
        assert question.category == "smiley"
    long = client.get("/search", params={"filter_length": "long"}).json()["ids"]
    assert long and all(BANK[i].kind in {"competence_wheel", "action_plan"} for i in long)
    assert client.get("/search").json()["ids"] is None  # nothing asked: the whole list


def test_without_javascript_the_search_button_hides_the_rest_and_marks_the_words(
    client: TestClient,
) -> None:  # W001, W009
    html = post(client, "/", action="search", search="sygefravær").text
    assert 'id="cat-fravaer" data-category="fravaer" open>' in html
    assert 'id="cat-opgaver" data-category="opgaver" hidden>' in html
    assert "<mark>fravær</mark>" in html.lower() or "<mark>fravær" in html
    # The ticked questions are still in the page (hidden), so the next submit keeps them.
    assert 'value="opgaver.resultater" id="pick-opgaver.resultater" checked' in html


def test_bank_texts_show_their_variables_as_words(client: TestClient) -> None:  # W001
    html = client.get("/").text
    bank_list = html[html.index('id="bank-list"') : html.index('id="custom"')]
    shown = re.sub(r'data-search="[^"]*"', "", bank_list)  # the search key folds the raw texts
    assert "{{" not in shown


# -- W002 presets and language --------------------------------------------------------------


@pytest.mark.parametrize("name", ["standard", "kommune", "smiley", "kompetencespind"])
def test_a_preset_ticks_its_questions_and_fills_the_settings(
    client: TestClient, name: str
) -> None:  # W002
    response = client.get(f"/?preset={name}")
    assert response.status_code == 200
    html = response.text
    form = build_form(preset(name))
    ticked = set(re.findall(r'name="q" value="([^"]+)" id="[^"]+" checked', html))
    assert ticked == {q.id for q in form.questions if not q.custom}
    # A ready form starts in the planning year, which the title shows as a plain number.
    year = planning_year()
    title = show_year(preset(name).localized("title") or "", str(year))
    assert "{{" not in title
    assert f'id="f-title" name="title" value="{title}"' in html
    assert f'id="f-year" name="year" value="{year}"' in html
    assert f'<option value="{name}" data-description=' in html
    # the preview is the preset's form, in that year
    planned = preset(name)
    planned.year = year
    assert build_form(planned).title in html


def test_a_preset_downloads_exactly_as_build_makes_it(client: TestClient) -> None:  # W002, W004
    html = client.get("/?preset=kommune").text
    fields = page_fields(html)
    response = client.post("/download", data={**fields, "format": "schema"})
    assert response.status_code == 200
    planned = preset("kommune")
    planned.year = planning_year()  # the year field of a ready form
    assert response.json() == build_form(planned).json_schema()


def test_an_unknown_preset_is_a_message_not_a_file_read(client: TestClient) -> None:  # W002, W007
    for name in ["nope", "../../etc/passwd", "..%2F..%2Fpresets%2Fstandard", "standard.yaml"]:
        response = client.get("/", params={"preset": name})
        assert response.status_code == 404
        assert "Choose one of" in response.text or "Vælg" in response.text
        assert field_error(response.text, "preset")


def test_lang_en_switches_every_label(client: TestClient) -> None:  # W002
    html = client.get("/?lang=en").text
    assert "Choose questions" in html and "Download the form" in html
    assert "Vælg spørgsmål" not in html
    assert client.get("/?lang=xx").text.count('lang="da"') >= 1


# -- W003 preview ------------------------------------------------------------------------------


def test_the_preview_renders_the_form_of_the_fields(client: TestClient) -> None:  # W003
    response = post(client, "/preview")
    assert response.status_code == 200
    html = response.text
    assert 'id="preview-fragment"' in html
    for question_id in FIELDS["q"]:
        assert f'data-question-id="{question_id}"' in html
    assert 'data-question-id="custom.hvilket_vaerktoej_savner_du"' in html
    assert "Et nyt system" in html
    layout = json.loads(re.search(r'data-layout="([^"]*)"', html).group(1).replace("&#34;", '"'))  # type: ignore[union-attr]
    placed = [item for section in layout for item in section["items"]]
    assert sorted(placed) == sorted([*FIELDS["q"], "custom:c1"])


def test_an_empty_preview_invites_to_tick_without_an_error(client: TestClient) -> None:  # W003
    html = client.post("/preview", data={"lang": "da", "title": "MUS"}).text
    assert "Sæt flueben" in html
    assert "preview-errors" not in html


def test_the_page_shows_the_preview_without_javascript(client: TestClient) -> None:  # W003, W009
    html = post(client, "/").text
    assert 'data-question-id="trivsel.trivsel_nu"' in html
    assert "Vis forhåndsvisning" in html


# -- W004 downloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name", "media"),
    [
        ("docx-conversation", "MUS 2027.docx", "wordprocessingml"),
        ("docx-employee", "MUS 2027 - forberedelse medarbejder.docx", "wordprocessingml"),
        ("docx-leader", "MUS 2027 - forberedelse leder.docx", "wordprocessingml"),
        ("xlsx", "MUS 2027.xlsx", "spreadsheetml"),
        ("schema", "MUS 2027.schema.json", "schema+json"),
        ("spec", "MUS 2027.yaml", "yaml"),
    ],
    ids=["docx-conversation", "docx-employee", "docx-leader", "xlsx", "schema", "spec"],
)
def test_each_format_downloads_with_a_safe_file_name(
    client: TestClient, fmt: str, name: str, media: str
) -> None:  # W004
    response = post(client, "/download", format=fmt)
    assert response.status_code == 200, response.text[:500]
    assert media in response.headers["content-type"]
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{name.replace(' ', '%20')}" in disposition
    assert response.headers["x-content-type-options"] == "nosniff"
    if fmt.startswith(("docx", "xlsx")):
        assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_file_names_are_made_safe_from_the_title(client: TestClient) -> None:  # W004, W007
    response = post(client, "/download", format="schema", title='../../etc/pass<wd>:"ÆØÅ" MUS?*')
    disposition = response.headers["content-disposition"]
    assert "/" not in disposition.split("filename*=")[1].replace("%2F", "/").split("UTF-8''")[0]
    ascii_name = re.search(r'filename="([^"]*)"', disposition).group(1)  # type: ignore[union-attr]
    assert ascii_name == ".. .. etc pass wd AeOeAa MUS.schema.json".lstrip(". ")
    assert "%C3%86%C3%98%C3%85" in disposition  # ÆØÅ kept in the UTF-8 name


def test_a_download_is_what_build_makes_of_the_saved_spec(client: TestClient) -> None:  # W004
    saved = post(client, "/download", format="spec").text
    built = build_form(FormSpec.from_text(saved))
    schema = post(client, "/download", format="schema").json()
    assert schema == built.json_schema()
    docx = post(client, "/download", format="docx-conversation").content
    out = io.BytesIO()
    built.to_docx(out)
    assert docx_tags(docx) == docx_tags(out.getvalue())
    assert {*FIELDS["q"], "custom.hvilket_vaerktoej_savner_du"} <= docx_tags(docx)


def test_an_unknown_format_is_refused_with_the_page(client: TestClient) -> None:  # W004, W007
    for fmt in ["", "pdf", "../../etc/passwd", "docx-../x"]:
        response = post(client, "/download", format=fmt)
        assert response.status_code == 400
        assert field_error(response.text, "downloads")


def test_nothing_ticked_is_an_error_for_a_download(client: TestClient) -> None:  # W004, W005
    response = client.post("/download", data={"lang": "da", "title": "MUS", "format": "schema"})
    assert response.status_code == 400
    assert field_error(response.text, "q") == "Fejl: Vælg mindst ét spørgsmål."


# -- W005 errors next to fields ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "template", "choice"),
    [
        (
            "da",
            "Skriv en titel på skemaet.",
            "Teksten har tegn som {{ }}",
            "Et valg skal have 2 til 12",
        ),
        (
            "en",
            "Give the form a title.",
            "The text has characters such as {{ }}",
            "A choice needs 2 to 12",
        ),
    ],
    ids=["da", "en"],
)
def test_errors_are_shown_next_to_their_fields_in_the_page_language(
    client: TestClient, lang: str, title: str, template: str, choice: str
) -> None:  # W005
    response = post(
        client,
        "/download",
        format="docx-conversation",
        lang=lang,
        title="",
        intro="Hej {{ ''.__class__ }}",
        **{"cq_options.c1": "Kun én"},
    )
    assert response.status_code == 400
    html = response.text
    assert title in field_error(html, "title")
    assert template in field_error(html, "intro")
    assert choice in field_error(html, "cq-options-c1")
    assert (
        'id="f-title" name="title" value="" required maxlength="200" aria-describedby="err-title" aria-invalid="true"'
        in html
    )
    assert 'role="alert"' in html and 'href="#f-title"' in html and 'href="#cq-options-c1"' in html


def test_a_problem_in_one_field_leaves_a_preview_of_the_rest(client: TestClient) -> None:  # W005
    html = post(client, "/preview", intro="{{ nope }}").text
    assert "Teksten har {{ nope }}, som MUS-automaten ikke kan udfylde" in html
    assert 'data-question-id="trivsel.trivsel_nu"' in html


def test_too_long_texts_say_how_long_they_may_be(client: TestClient) -> None:  # W005, W007
    html = post(client, "/download", format="spec", title="x" * 5000, organisation="y" * 400).text
    assert (
        field_error(html, "title") == "Fejl: Teksten er for lang: højst 200 tegn. Gør den kortere."
    )
    assert (
        field_error(html, "organisation")
        == "Fejl: Teksten er for lang: højst 300 tegn. Gør den kortere."
    )


def test_a_huge_field_under_the_body_limit_is_an_error_not_a_crash(
    client: TestClient,
) -> None:  # W007
    response = post(client, "/download", format="docx-conversation", intro="x" * 900_000)
    assert response.status_code == 400
    assert (
        field_error(response.text, "intro")
        == "Fejl: Teksten er for lang: højst 4000 tegn. Gør den kortere."
    )


def test_a_program_may_upload_under_any_field_name(client: TestClient) -> None:  # W011
    response = client.post("/load", files={"file": ("mus.yaml", preset("smiley").to_yaml())})
    assert response.status_code == 200
    assert "Skemaet fra «mus.yaml» er åbnet." in response.text


def test_an_unknown_kind_is_shown_at_the_kind_select(client: TestClient) -> None:  # W005
    html = post(client, "/download", format="spec", **{"cq_kind.c1": "../../x"}).text
    assert field_error(html, "cq-kind-c1") == "Fejl: Vælg en svarform på listen."


# -- W006 size limits --------------------------------------------------------------------------


def test_a_body_over_the_limit_gets_413_from_its_content_length(client: TestClient) -> None:  # W006
    response = client.post(
        "/download",
        content=b"x" * (MAX_BODY_BYTES + 1),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert "højst 1 MB" in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_an_upload_over_the_limit_gets_413(client: TestClient) -> None:  # W006
    big = b"title: x\n" + b"# padding\n" * 110_000
    response = client.post("/load", files={"spec_file": ("big.yaml", big)}, data={"lang": "en"})
    assert response.status_code == 413


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(app: Starlette) -> None:  # W006
    import asyncio

    chunk = b"a" * 100_000
    consumed = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal consumed
        consumed += 1
        return {"type": "http.request", "body": chunk, "more_body": consumed < 100}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/preview",
        "raw_path": b"/preview",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"transfer-encoding", b"chunked"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert consumed <= MAX_BODY_BYTES // len(chunk) + 1  # stopped reading at the limit


def test_too_many_fields_are_a_bad_request_page(client: TestClient) -> None:  # W006, W007
    body = "&".join(f"q=x{i}" for i in range(6000))
    response = client.post(
        "/preview", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 400
    assert "kunne ikke læses" in response.text


# -- W007 hostile input ----------------------------------------------------------------------


SCRIPT = "<script>alert(1)</script>"


def test_a_script_tag_is_text_in_the_page_the_preview_and_the_documents(
    client: TestClient,
) -> None:  # W007
    hostile = {"cq_text.c1": SCRIPT, "cq_kind.c1": "long_text", "title": f"MUS {SCRIPT}"}
    for path in ["/", "/preview"]:
        html = post(client, path, **hostile).text
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    spec = post(client, "/download", format="spec", **hostile).text
    customs = [
        q for s in FormSpec.from_text(spec).sections for q in s.questions if not isinstance(q, str)
    ]
    assert customs[0].text == SCRIPT  # type: ignore[union-attr]
    docx = post(client, "/download", format="docx-conversation", **hostile).content
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_template_injection_is_an_error_not_executed(client: TestClient) -> None:  # W007
    for text in [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for x in range(99999999) %}x{% endfor %}",
        "{{ " + "(" * 500 + "1" + ")" * 500 + " }}",
    ]:
        response = post(client, "/download", format="spec", **{"cq_text.c1": text})
        assert response.status_code == 400, text
        message = field_error(response.text, "cq-text-c1")
        assert message.startswith("Fejl: "), text
        assert "class" not in message and "subclasses" not in message


@pytest.mark.parametrize("field", ["title", "intro"])
@pytest.mark.parametrize("text", [c[1] for c in ITEM_3], ids=[c[0] for c in ITEM_3])
def test_an_unbounded_text_is_a_400_naming_its_field(
    client: TestClient, field: str, text: str
) -> None:  # W005, W007, issue 12 item 3
    for path in ["/", "/download"]:
        response = post(client, path, format="docx-conversation", **{field: text})
        assert response.status_code == (400 if path == "/download" else 200), path
        message = field_error(response.text, field)
        # The page's plain words for every refused template (web/_messages.py).
        assert message.startswith("Fejl: Teksten har tegn som {{ }}"), message
    preview = post(client, "/preview", **{field: text})
    assert preview.status_code == 200  # the script shows the fragment's errors
    assert f'<li data-field="{field}">' in preview.text
    assert 'data-question-id="trivsel.trivsel_nu"' in preview.text  # the rest is previewed


def test_formula_text_stays_text_in_the_workbook(client: TestClient) -> None:  # W007
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://example.invalid","klik")'
    options = "=1+1\n+cmd|' /C calc'!A0\n@SUM(A1)"
    response = post(
        client, "/download", format="xlsx", **{"cq_text.c1": formula, "cq_options.c1": options}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s" and isinstance(c.value, str)}
    assert any(text.startswith(formula) for text in texts)
    assert {"=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)"} <= texts


def test_control_characters_are_removed_before_they_reach_a_document(
    client: TestClient,
) -> None:  # W007
    assert clean("MUS\x00\x07 2027\x0b") == "MUS 2027"
    assert clean("a\r\nb\x0bc", multiline=True) == "a\nb\nc"
    assert clean("\ud800x\ufffe") == "x"
    title = "MUS\x00\x1b 2027\x0c"
    spec = post(client, "/download", format="spec", title=title).text
    assert "title: MUS 2027\n" in spec
    docx = post(
        client, "/download", format="docx-conversation", title=title, **{"cq_text.c1": "Hvad\x01?"}
    )
    assert docx.status_code == 200
    assert "Hvad?" in docx_text(docx.content)


def test_unknown_ids_are_named_with_suggestions(client: TestClient) -> None:  # W007
    response = post(
        client,
        "/download",
        format="schema",
        q=["trivsel.trivsel_n", "../../etc/passwd", "opgaver.resultater"],
    )
    assert response.status_code == 400
    message = field_error(response.text, "q")
    assert "«trivsel.trivsel_n» findes ikke" in message and "trivsel.trivsel_nu" in message
    assert "«../../etc/passwd» findes ikke" in message


def test_hostile_hidden_fields_cannot_change_what_the_page_owns(client: TestClient) -> None:  # W007
    keep = json.dumps(
        {
            "spec": {"sections": [{"category": "trivsel"}], "template": "/etc/passwd"},
            "title": {"da": "{{ ''.__class__ }}"},
            "required": "not a list",
        }
    )
    layout = "[" * 5000 + "]" * 5000
    response = post(
        client,
        "/download",
        format="spec",
        keep=keep,
        layout=layout,
        **{"cq_keep.c1": '{"id": "trivsel.trivsel_nu"}', "cq": ["c1", "../x", "C1"]},
    )
    # sections cannot come from keep; the bank id cannot be taken by a custom question
    assert response.status_code == 400
    assert "samme id som et spørgsmål i banken" in response.text


def test_a_spec_template_path_is_never_read_by_the_web(client: TestClient) -> None:  # W007
    keep = json.dumps({"spec": {"template": "/nonexistent/../etc/secret.docx"}})
    response = post(client, "/download", format="docx-conversation", keep=keep)
    # the CLI would try to open the template (and fail); the web builds without it
    assert response.status_code == 200
    saved = post(client, "/download", format="spec", keep=keep).text
    assert "template: /nonexistent/../etc/secret.docx" in saved


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fspec.py",
        "/static//etc/passwd",
        "/static/../../../../etc/passwd",
        "/form.css/../app.py",
        "/..%2f..%2fetc%2fpasswd",
    ],
)
def test_path_traversal_in_urls_finds_nothing(client: TestClient, path: str) -> None:  # W007
    response = client.get(path)
    assert response.status_code == 404
    assert "def create_app" not in response.text and "root:" not in response.text


def test_lang_and_other_parameters_are_not_paths(client: TestClient) -> None:  # W007
    assert client.get("/?lang=../../etc/passwd").status_code == 200
    response = post(client, "/preview", lang="../en", switch_lang="/etc/passwd")
    assert response.status_code == 200 and 'data-status="Forhåndsvisningen' in response.text


# -- W008 headers, host, assets ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/app.css", "/form.css", "/nope"])
def test_every_response_has_the_security_headers(client: TestClient, path: str) -> None:  # W008
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"  # no-referrer makes Origin "null"
    assert headers["x-frame-options"] == "DENY"


def test_the_page_has_no_inline_script_or_style(client: TestClient) -> None:  # W008
    html = client.get("/?preset=kommune").text
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/static/' in s or 'type="application/json"' in s for s in scripts)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil", ""]
)
def test_a_foreign_host_header_is_refused(app: Starlette, host: str) -> None:  # W008
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        response = client.get("/", headers={"host": host})
    assert response.status_code == 400


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST."])
def test_loopback_host_headers_are_served(app: Starlette, host: str) -> None:  # W008
    with TestClient(app) as client:
        assert client.get("/", headers={"host": host}).status_code == 200


def test_another_bind_address_accepts_its_own_name() -> None:  # W008
    with TestClient(create_app(host="192.168.1.20"), base_url="http://192.168.1.20:8000") as client:
        assert client.get("/").status_code == 200
        assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    with TestClient(create_app(host="0.0.0.0"), base_url="http://mus.intranet:8000") as client:
        assert client.get("/").status_code == 200


def test_assets_come_from_the_package(client: TestClient) -> None:  # W008
    html = client.get("/").text
    for url in re.findall(r'(?:href|src)="(/[^"]*)"', html):
        assert client.get(url).status_code == 200, url
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)


def test_create_app_is_fast_and_loads_no_office_library() -> None:  # W008
    code = (
        "import sys, time; t = time.perf_counter();"
        "from musforms.web.app import create_app; create_app();"
        "print(time.perf_counter() - t);"
        "print(any(m.split('.')[0] in {'docx', 'openpyxl'} for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, office = out.stdout.split()
    assert office == "False"
    assert float(seconds) < 3.0


# -- W009 without JavaScript ---------------------------------------------------------------------


def test_adding_and_removing_own_questions_works_without_javascript(
    client: TestClient,
) -> None:  # W009
    html = post(client, "/", action="add", new_text="Hvad vil du fejre?", new_kind="smiley").text
    assert 'name="cq" value="c2"' in html
    assert ">Hvad vil du fejre?</textarea>" in html
    assert 'data-question-id="custom.hvad_vil_du_fejre"' in html
    html = post(client, "/", remove="c1").text
    assert 'name="cq" value="c1"' not in html
    assert "Hvilket værktøj" not in html


def test_switching_language_keeps_the_choices(client: TestClient) -> None:  # W009
    html = post(client, "/", switch_lang="en").text
    assert '<html lang="en">' in html
    assert 'value="trivsel.trivsel_nu" id="pick-trivsel.trivsel_nu" checked' in html
    assert "Hvilket værktøj savner du?" in html


def page_fields(html: str) -> dict[str, Any]:
    """Return the fields a browser without JavaScript would submit from the page."""
    fields: dict[str, Any] = {}

    def add(name: str, value: str) -> None:
        import html as html_module

        fields.setdefault(name, []).append(html_module.unescape(value))

    builder = html[html.index('<form id="builder"') :]
    for tag in re.findall(r"<input[^>]*>", builder):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or 'form="preset-form"' in tag or 'type="file"' in tag:
            continue
        if 'type="checkbox"' in tag and " checked" not in tag:
            continue
        add(name.group(1), value.group(1) if value else "")
    for name, body in re.findall(
        r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', builder, re.S
    ):
        add(name, body)
    for name, body in re.findall(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', builder, re.S):
        if "preset" in name:
            continue
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        add(
            name,
            chosen.group(1) if chosen else re.search(r'<option value="([^"]*)"', body).group(1),
        )  # type: ignore[union-attr]
    return fields


def test_the_page_round_trips_its_own_fields(client: TestClient) -> None:  # W009
    first = post(client, "/").text
    again = client.post("/", data=page_fields(first)).text
    schema_1 = post(client, "/download", format="schema").json()
    schema_2 = client.post("/download", data={**page_fields(again), "format": "schema"}).json()
    assert schema_1 == schema_2


# -- W010 sections and labels --------------------------------------------------------------------


def test_a_layout_renames_reorders_and_moves_questions(client: TestClient) -> None:  # W010
    layout = [
        {"key": "s2", "title": "Til sidst", "items": ["afslutning.udviklingsplan", "custom:c1"]},
        {"key": "s1", "title": "Først", "items": ["trivsel.trivsel_nu", "opgaver.resultater"]},
        {"key": "s3", "title": "Tomt", "items": ["not.ticked", "trivsel.trivsel_nu"]},
    ]
    spec = FormSpec.from_text(
        post(client, "/download", format="spec", layout=json.dumps(layout)).text
    )
    assert [s.title for s in spec.sections] == ["Til sidst", "Først"]
    assert spec.sections[1].questions == ["trivsel.trivsel_nu", "opgaver.resultater"]
    assert spec.sections[0].questions[0] == "afslutning.udviklingsplan"
    html = post(client, "/preview", layout=json.dumps(layout)).text
    assert "Tomt" in html  # a named empty section stays in the panel until deleted


def test_newly_ticked_questions_join_their_category_section(client: TestClient) -> None:  # W010
    layout = [{"key": "s1", "category": "trivsel", "title": None, "items": ["trivsel.trivsel_nu"]}]
    spec = FormSpec.from_text(
        post(
            client,
            "/download",
            format="spec",
            layout=json.dumps(layout),
            q=["trivsel.trivsel_nu", "trivsel.giver_energi", "tilbageblik.hoejdepunkter"],
            cq=[],
        ).text
    )
    assert [s.questions for s in spec.sections] == [
        ["tilbageblik.hoejdepunkter"],
        ["trivsel.trivsel_nu", "trivsel.giver_energi"],
    ]


def kommune_fields(client: TestClient, **changes: Any) -> dict[str, Any]:
    """Return the fields of the Kommune ready form's page, with ``changes``."""
    return {**page_fields(client.get("/?preset=kommune").text), **changes}


def section_titles(spec: FormSpec) -> list[str]:
    return [s.title if isinstance(s.title, str) else s.title.da for s in spec.sections]  # type: ignore[union-attr]


def test_new_themes_and_own_questions_go_before_the_closing_sections(
    client: TestClient,
) -> None:  # W012
    fields = kommune_fields(client)
    fields["q"] = [*fields["q"], "udvikling.retning", "ideer.forbedringer"]
    fields["new_text"] = "Hvordan vil du bruge det nye fagsystem?"
    spec = FormSpec.from_text(client.post("/download", data={**fields, "format": "spec"}).text)
    titles = section_titles(spec)
    # Kommune ends with its development plan and its closing: they stay last.
    assert titles[-2:] == ["Udviklingsplan", "Afslutning: andre emner, referat og opfølgning"]
    assert titles.index("Egne spørgsmål") == len(titles) - 3
    questions = [q if isinstance(q, str) else q.id for s in spec.sections for q in s.questions]
    assert questions.index("ideer.forbedringer") < questions.index("afslutning.udviklingsplan")


def test_a_new_question_joins_the_section_that_holds_its_theme(client: TestClient) -> None:  # W012
    fields = kommune_fields(client)
    fields["q"] = [*fields["q"], "arbejdsmiljo.sige_fra"]
    spec = FormSpec.from_text(client.post("/download", data={**fields, "format": "spec"}).text)
    wellbeing = next(s for s in spec.sections if s.title and "arbejdspres" in str(s.title))
    assert wellbeing.questions == [
        "trivsel.trivsel_nu",
        "arbejdsmiljo.perioder_med_pres",
        "arbejdsmiljo.sige_fra",
    ]


def test_a_closing_section_moved_away_from_the_end_is_not_closing(
    client: TestClient,
) -> None:  # W012
    layout = [
        {"key": "s1", "title": "Afslutning", "items": ["afslutning.udviklingsplan"]},
        {"key": "s2", "title": "Trivsel", "items": ["trivsel.trivsel_nu"]},
    ]
    spec = FormSpec.from_text(
        post(
            client,
            "/download",
            format="spec",
            layout=json.dumps(layout),
            q=["trivsel.trivsel_nu", "afslutning.udviklingsplan", "opgaver.resultater"],
            cq=[],
        ).text
    )
    assert section_titles(spec)[:2] == ["Afslutning", "Trivsel"]  # she moved it: new goes last


def test_changing_the_ready_form_keeps_the_basics_and_own_questions(
    client: TestClient,
) -> None:  # W013
    fields = {**FIELDS, "title": "Vores MUS", "year": "2028", "preset": "kommune"}
    fields["q"] = []  # nothing chosen: nothing to lose, so no question is asked
    html = client.post("/", data={**fields, "action": "preset"}).text
    state = page_fields(html)
    assert state["title"] == ["Vores MUS"]
    assert state["organisation"] == ["Eksempel Kommune"]
    assert state["theme"] == ["Digitalisering"]
    assert state["year"] == ["2028"]
    assert state["cq_text.c1"] == ["Hvilket værktøj savner du?"]
    assert "tilbageblik.plan_haemmet" in state["q"]
    assert "Titel, organisation, år, tema og dine egne spørgsmål er beholdt." in html
    assert '<option value="kommune" data-description=' in html and "selected>Kommune" in html


def test_a_default_title_follows_the_ready_form(client: TestClient) -> None:  # W013
    fields = {**FIELDS, "title": "MUS 2027", "year": "2027", "preset": "smiley", "q": []}
    state = page_fields(client.post("/", data={**fields, "action": "preset"}).text)
    assert state["title"] == ["Smiley-MUS 2027"]  # the plain default was no title of hers


def test_without_javascript_the_page_asks_before_a_ready_form_drops_questions(
    client: TestClient,
) -> None:  # W013, W009
    fields = {**FIELDS, "preset": "smiley", "preset_was": ""}
    asked = client.post("/", data={**fields, "action": "preset"}).text
    assert 'id="confirm" role="alertdialog"' in asked
    assert "Vil du bruge «Smiley»?" in asked
    assert "Hvilke resultater er du mest tilfreds med" in asked  # what would go is named
    assert sorted(page_fields(asked)["q"]) == sorted(FIELDS["q"])  # nothing changed yet
    kept = client.post("/", data={**fields, "action": "keep_choices"}).text
    assert sorted(page_fields(kept)["q"]) == sorted(FIELDS["q"]) and 'id="confirm"' not in kept
    done = page_fields(client.post("/", data={**fields, "action": "preset_confirmed"}).text)
    assert "opgaver.resultater" not in done["q"] and done["organisation"] == ["Eksempel Kommune"]


def test_the_language_buttons_carry_the_whole_page(client: TestClient) -> None:  # W009
    html = client.get("/").text
    assert (
        '<button type="submit" form="builder" formaction="/" formmethod="post" '
        'name="switch_lang" value="en"'
    ) in html
    english = post(client, "/", switch_lang=["", "en"]).text  # the last one given wins
    assert '<html lang="en">' in english
    assert page_fields(english)["cq_text.c1"] == ["Hvilket værktøj savner du?"]


def test_an_upload_over_the_limit_is_answered_on_the_page_with_the_form_intact(
    client: TestClient,
) -> None:  # W006, W009
    for route, field in (("/load", "spec_file"), ("/answers", "answers_file")):
        response = client.post(
            route, data=FIELDS, files={field: ("stor.docx", b"x" * (MAX_BODY_BYTES + 10))}
        )
        assert response.status_code == 413
        assert "Filen er for stor (højst 1 MB)" in field_error(response.text, field)
        fields = page_fields(response.text)
        assert sorted(fields["q"]) == sorted(FIELDS["q"]) and fields["organisation"] == [
            "Eksempel Kommune"
        ]


def test_the_default_title_is_plain_words_with_the_year_as_a_field(
    client: TestClient,
) -> None:  # W014
    html = client.get("/").text
    year = planning_year()
    assert f'id="f-title" name="title" value="MUS {year}"' in html
    assert f'id="f-year" name="year" value="{year}"' in html
    assert "{{" not in html.split('id="builder"', 1)[1].split("<template", 1)[0]
    spec = FormSpec.from_text(post(client, "/download", format="spec", year="2031").text)
    assert spec.year == 2031
    refused = post(client, "/download", format="spec", year="tyve")
    assert "Skriv året med tal" in field_error(refused.text, "year")


def test_the_page_words_name_no_file_format(client: TestClient) -> None:  # W014
    html = client.get("/?preset=kommune").text
    # What she reads: the page without its hidden fields, script data and templates.
    shown = re.sub(
        r'<input type="hidden"[^>]*>|<script.*?</script>|<template.*?</template>',
        "",
        html,
        flags=re.S,
    )
    shown = shown.replace('accept=".yaml,.yml,.json"', "")
    for word in ("YAML", ".yaml", "UTF-8", "{{"):
        assert word not in shown


def test_a_filled_form_shows_its_answers_beside_the_page(client: TestClient) -> None:  # W015
    from musforms.render import registry, render_bytes
    from tests.fillers import fill_docx

    form = build_form(preset("kompetencespind"))
    wheel = next(q for q in form.questions if q.kind == "competence_wheel")
    text = next(q for q in form.questions if q.kind == "long_text")
    answers = {
        wheel.id: {c.id: {"now": 2, "wanted": 4} for c in wheel.competences},
        text.id: "Jeg er god til at lytte.",
    }
    filled = fill_docx(form, render_bytes(form, registry()["docx"]), answers)
    response = client.post(
        "/answers", data=FIELDS, files={"answers_file": ("udfyldt.docx", filled)}
    )
    assert response.status_code == 200
    html = response.text
    assert "Svar fra «udfyldt.docx»" in html and "2 af " in html
    assert "Jeg er god til at lytte." in html
    shown = html[html.index('id="answers"') :]  # the filled form, drawn as the preview is
    assert f'data-question-id="{wheel.id}"' in shown and 'class="mus-wheel"' in shown
    assert sorted(page_fields(html)["q"]) == sorted(FIELDS["q"])  # her own page is as it was
    wrong = client.post("/answers", data=FIELDS, files={"answers_file": ("x.docx", b"PK\x03")})
    assert "ikke et udfyldt skema fra MUS-automaten" in field_error(wrong.text, "answers_file")


def test_every_label_exists_in_both_languages() -> None:  # W010
    assert set(LABELS["da"]) == set(LABELS["en"])
    assert set(KIND_NAMES["da"]) == set(KIND_NAMES["en"])
    for language in ("da", "en"):
        assert all(text.strip() for text in LABELS[language].values())


# -- W011 loading a saved spec ----------------------------------------------------------------------


def load(client: TestClient, text: str | bytes, name: str = "mus.yaml", lang: str = "da") -> Any:
    data = text.encode() if isinstance(text, str) else text
    return client.post("/load", files={"spec_file": (name, data)}, data={"lang": lang})


def test_a_saved_spec_opens_and_saves_again_unchanged(client: TestClient) -> None:  # W011
    for name in ["kommune", "kompetencespind", "tre-delt"]:
        text = preset(name).to_yaml()
        response = load(client, text, f"{name}.yaml")
        assert response.status_code == 200, name
        assert f"Skemaet fra «{name}.yaml» er åbnet." in response.text
        saved = client.post("/download", data={**page_fields(response.text), "format": "spec"}).text
        assert FormSpec.from_text(saved).to_data() == preset(name).to_data(), name


RICH_SPEC = """
title: {da: "MUS {{ year }} for {{ organisation }}", en: "MUS {{ year }} at {{ organisation }}"}
organisation: Eksempel Kommune
description: En beskrivelse
theme: Digitalisering
year: 2027
intro: {da: "Velkommen til {{ afdeling_navn }}", en: "Welcome"}
variables: {afdeling_navn: Vejafdelingen}
sections:
  - category: trivsel
    title: Trivsel
  - title: {da: Opgaver, en: Tasks}
    intro: Lidt om opgaverne
    questions:
      - opgaver.resultater
      - {id: opgaver.udfordringer, required: true}
      - text: {da: "Hvilket værktøj savner du?", en: "Which tool do you miss?"}
        kind: choice
        help: Vælg ét
        options:
          - {id: system, text: {da: Et nyt system, en: A new system}}
          - {id: tid, text: {da: Mere tid, en: More time}}
      - {text: Hvor enig er du?, kind: scale, scale: {min: 1, max: 4}, required: true}
      - {id: fejre, text: Hvad vil du fejre?, kind: smiley, faces: 3}
"""


def test_what_the_page_does_not_show_survives_open_and_save(client: TestClient) -> None:  # W011
    original = FormSpec.from_text(RICH_SPEC)
    page = load(client, RICH_SPEC).text
    fields = page_fields(page)
    saved = FormSpec.from_text(client.post("/download", data={**fields, "format": "spec"}).text)
    assert saved.to_data() == original.to_data()
    fields["language"] = ["en"]  # bilingual texts stay bilingual when the language changes
    english = FormSpec.from_text(client.post("/download", data={**fields, "format": "spec"}).text)
    assert english.to_data() == {**original.to_data(), "language": "en"}


def test_a_broken_saved_form_is_named_in_plain_words_and_keeps_the_page(
    client: TestClient,
) -> None:  # W011, W007
    response = client.post(
        "/load",
        files={"spec_file": ("bad.yaml", b"title: MUS\nsections:\n  - questions: [a\n")},
        data={**FIELDS},
    )
    assert response.status_code == 400
    message = field_error(response.text, "spec_file")
    # A saved form that no longer parses is, to her, not a saved form: plain words, no parser.
    assert (
        message
        == "Fejl: Det er ikke et gemt skema fra MUS-automaten. Vælg den fil, du fik med «Gem skemaet»."
    )
    assert 'value="trivsel.trivsel_nu" id="pick-trivsel.trivsel_nu" checked' in response.text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Vælg en fil"),
        (b"\xff\xfe\x00bad", "ikke et gemt skema fra MUS-automaten"),
        (b"- just\n- a list\n", "ikke et gemt skema fra MUS-automaten"),
        (b"title: x\nsections: [{questions: [trivsel.nope]}]\n", "findes ikke"),
        (b"!!python/object/apply:os.system ['echo hacked']\n", "ikke et gemt skema"),
        (b"title: !!python/name:os.system\nsections: []\n", "ikke et gemt skema"),
        (b"[" * 200_000, "ikke et gemt skema"),
        (b"a:\n" + b"".join(b" " * i + b"- b\n" for i in range(2, 400, 2)), "ikke et gemt skema"),
        (b"- " * 100_000 + b"x\n", "ikke et gemt skema"),
    ],
    ids=[
        "empty",
        "not-utf8",
        "not-a-mapping",
        "unknown-id",
        "python-tag",
        "python-name",
        "flow-nesting",
        "block-nesting",
        "dash-nesting",
    ],
)
def test_hostile_uploads_are_refused_with_a_message(
    client: TestClient, content: bytes, expected: str
) -> None:  # W011, W007
    response = load(client, content, "../../../etc/passwd")
    assert response.status_code == 400
    assert expected in response.text
    assert client.get("/").status_code == 200  # the server is still there


def test_a_yaml_bomb_is_refused_at_once(client: TestClient) -> None:  # W011, W007
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    response = load(client, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert response.status_code == 400
    assert "ikke et gemt skema fra MUS-automaten" in response.text


def test_an_uploaded_file_name_is_shown_without_its_folders(
    client: TestClient,
) -> None:  # W011, W007
    response = load(client, preset("smiley").to_yaml(), "..\\..\\<b>x</b>.yaml")
    assert "Skemaet fra «b_.yaml» er åbnet." in response.text  # "/" and "\\" end folders
    assert "<b>x" not in response.text
