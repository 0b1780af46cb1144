"""A new format is one module and one registration (issue 17 item 1).

R001 a format registered from outside musforms is listed by ``musforms formats`` and
     ``musforms.formats()``, written by ``build -o`` by its suffix, and by ``Form.write``
R002 ``batch -f NAME`` makes one file of it per person when it is personalisable
R003 the web page offers it as a download button and serves its bytes with its media type
R004 a suffix that is another format's is refused; an object that is no Renderer too
R005 the built-in formats come in one order, whichever module was imported first
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from musforms import build_form, preset
from musforms.cli import cli as main
from musforms.form import Form
from musforms.render import register, registry, unregister
from musforms.render._base import BytesRenderer

NAME = "plaintext"


def _plain_text(form: Form, **_: Any) -> bytes:
    """The dummy format: each question's text on a line, under the form's title."""
    lines = [form.title, f"{form.spec.employee or ''}"]
    lines += [question.text for question in form.questions]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture()
def plain_text() -> Iterator[BytesRenderer]:
    renderer = BytesRenderer(
        make=_plain_text,
        name=NAME,
        suffixes=(".mus.txt",),
        media_type="text/plain; charset=utf-8",
        title={"da": "Ren tekst", "en": "Plain text"},
        description={"da": "Spørgsmålene som ren tekst", "en": "The questions as plain text"},
        personalisable=True,
    )
    register(renderer)
    try:
        yield renderer
    finally:
        unregister(NAME)
    assert NAME not in registry()


def test_a_registered_format_is_listed_and_built_by_its_suffix(
    plain_text: BytesRenderer, tmp_path: Path
) -> None:  # R001
    import musforms

    assert musforms.formats()[".mus.txt"] == "The questions as plain text"
    listed = CliRunner().invoke(main, ["formats"])
    assert listed.exit_code == 0 and ".mus.txt" in listed.output, listed.output
    out = tmp_path / "MUS.mus.txt"
    built = CliRunner().invoke(main, ["build", "--preset", "standard", "-o", str(out)])
    assert built.exit_code == 0, built.output
    form = build_form(preset("standard"))
    assert out.read_bytes() == _plain_text(form)
    form.write(tmp_path / "again.mus.txt")
    assert (tmp_path / "again.mus.txt").read_bytes() == out.read_bytes()


def test_batch_makes_one_file_of_a_registered_format_per_person(
    plain_text: BytesRenderer, tmp_path: Path
) -> None:  # R002
    people = tmp_path / "people.csv"
    people.write_text("employee,leader\nAnne Hansen,Bo Berg\nCarl Dahl,Bo Berg\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "batch",
            "--preset",
            "standard",
            "--people",
            str(people),
            "-f",
            NAME,
            "--out-dir",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    files = sorted(out.rglob("*.mus.txt"))
    assert len(files) == 2, [str(f) for f in out.rglob("*")]
    texts = [f.read_text("utf-8") for f in files]
    assert any("Anne Hansen" in t for t in texts) and any("Carl Dahl" in t for t in texts)


def test_the_web_page_offers_and_serves_a_registered_format(
    plain_text: BytesRenderer,
) -> None:  # R003
    from musforms.web.app import create_app
    from tests.web.conftest import TestClient

    fields = {
        "lang": "da",
        "title": "MUS 2027",
        "language": "da",
        "q": ["trivsel.trivsel_nu", "opgaver.resultater"],
    }
    with TestClient(create_app(), base_url="http://127.0.0.1:8000") as client:
        page = client.get("/")
        assert f'value="{NAME}"' in page.text and "Ren tekst" in page.text
        response = client.post(
            "/download",
            data={**fields, "format": NAME},
            headers={"Origin": "http://127.0.0.1:8000"},
        )
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"].endswith(".mus.txt")
    lines = response.text.splitlines()
    assert lines[0] == "MUS 2027" and len(lines) == 4  # title, person, the two ticked questions


def test_a_clashing_suffix_or_a_non_renderer_is_refused(plain_text: BytesRenderer) -> None:
    # R004
    clash = BytesRenderer(
        make=_plain_text,
        name="other",
        suffixes=(".mus.txt",),
        media_type="text/plain",
        title={"da": "x", "en": "x"},
        description={"da": "x", "en": "x"},
    )
    with pytest.raises(ValueError, match=r"\.mus\.txt is already the plaintext format's"):
        register(clash)
    with pytest.raises(TypeError):
        register(json)  # type: ignore[arg-type]


def test_the_built_in_formats_keep_their_order_whatever_was_imported_first() -> None:
    # R005: the web page's buttons and `musforms formats` do not depend on import order
    import importlib

    import musforms.render as render

    importlib.import_module("musforms.render.pdf")  # as a test or a program may do first
    saved = dict(render._REGISTRY.formats)
    try:
        render._REGISTRY.formats = {"pdf": saved["pdf"], **saved}
        assert list(registry())[:7] == list(render.BUILTIN_ORDER)
    finally:
        render._REGISTRY.formats = saved
