"""Reading filled PDF forms: round trips through independent fillers, and hostile files.

R001 a form filled by pypdf, by pikepdf (qpdf) and by pdf.js reads back exactly, every kind
R002 random answers valid under the form, filled and read back, are equal (property test)
R003 names typed into the person fields are the file's people; the spec is not needed
R004 hostile or foreign PDFs are refused with a stable code, never a traceback: not a PDF,
     cut short, a Flate bomb in an object stream and in the payload, too many objects,
     JavaScript and actions, XFA, encryption, a foreign form, a renamed payload, too large
R005 musforms read, collect and batch -f pdf take PDFs like the other formats
"""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musforms import build_form, preset
from musforms.answers.read import read_answers
from musforms.answers.read_pdf import MAX_PDF_BYTES
from musforms.cli import cli as main
from musforms.errors import AnswersError
from musforms.form import Form
from musforms.render.pdf import pdf_bytes
from tests.pdf_fillers import (
    fill_pdfjs,
    fill_pikepdf,
    fill_pypdf,
    pdf_values,
    pdfjs_ready,
)
from tests.render.conftest import every_kind_form
from tests.strategies import answers_for


def every_answer(form: Form) -> dict[str, Any]:
    """Return an answer to every question of ``form``, with the letters people type."""
    answers: dict[str, Any] = {}
    for number, question in enumerate(form.questions):
        kind, options = question.kind, [o.id for o in question.options]
        low = question.scale.min if question.scale else 1
        if kind in {"text", "long_text"}:
            answers[question.id] = (
                f"Svar {number}: æøå ÆØÅ & <ok>"
                if kind == "text"
                else "Første linje (med parentes) \\ og €\nAnden linje: æøå ÆØÅ"
            )
        elif kind == "scale":
            answers[question.id] = low + 1
        elif kind == "smiley":
            answers[question.id] = question.faces or 5
        elif kind == "yes_no":
            answers[question.id] = number % 2 == 0
        elif kind == "choice":
            answers[question.id] = options[-1]
        elif kind == "multi_choice":
            answers[question.id] = [options[0], options[-1]]
        elif kind == "competence_wheel":
            answers[question.id] = {
                c.id: {"now": low + i % 3, "wanted": low + 1 + i % 3}
                for i, c in enumerate(question.competences)
                if i != 1
            }
        elif kind == "action_plan":
            answers[question.id] = [
                {
                    "goal": "Lære Python",
                    "action": "Kursus og sidemandsoplæring hos en kollega i afdelingen",
                    "success": "Kan skrive et lille script selv",
                    "responsible": "Søren",
                    "deadline": "2027-06-30",
                    "follow_up": "2027-12-01",
                },
                {"goal": "Mentor", "responsible": "Leder"},
            ]
        elif kind == "date":
            answers[question.id] = "2027-03-01"
    return answers


@pytest.fixture(scope="module")
def kinds() -> tuple[Form, bytes, dict[str, Any]]:
    form = every_kind_form()
    return form, pdf_bytes(form), every_answer(form)


@pytest.mark.parametrize("fill", [fill_pypdf, fill_pikepdf], ids=["pypdf", "pikepdf"])
def test_a_form_filled_by_a_python_filler_reads_back_exactly(
    kinds: tuple[Form, bytes, dict[str, Any]], fill: Any
) -> None:  # R001
    form, data, answers = kinds
    assert {q.kind for q in form.questions if q.id in answers} == {
        "text",
        "long_text",
        "scale",
        "smiley",
        "yes_no",
        "choice",
        "multi_choice",
        "competence_wheel",
        "action_plan",
        "date",
    }
    read = read_answers(io.BytesIO(fill(data, pdf_values(form, answers))))
    assert dict(read) == answers
    assert read.form.form_id == form.form_id and read.form.audience == "conversation"


def test_forms_filled_by_pdfjs_read_back_exactly(tmp_path: Path) -> None:  # R001
    """pdf.js, the viewer of Firefox and many web pages, saves as an incremental update."""
    reason = pdfjs_ready()
    if reason is not None:
        pytest.skip(reason)
    forms = [every_kind_form(), every_kind_form("en"), build_form(preset("standard"))]
    jobs = []
    for form in forms:
        answers = every_answer(form)
        jobs.append((form, answers, pdf_bytes(form, audience=None)))
    filled = fill_pdfjs([(data, pdf_values(f, a)) for f, a, data in jobs], tmp_path)
    for (form, answers, data), out in zip(jobs, filled, strict=True):
        assert out.startswith(data[:100]) and out.count(b"startxref") == 2  # appended
        assert dict(read_answers(io.BytesIO(out))) == answers, form.title


FORMS = {
    "kinds-da": every_kind_form(),
    "kinds-en": every_kind_form("en"),
    "standard": build_form(preset("standard")),
    "smiley-en": build_form(preset("smiley", "en")),
}
DATA = {name: pdf_bytes(form) for name, form in FORMS.items()}


@pytest.mark.parametrize("name", list(FORMS))
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_answers_filled_in_are_read_back_equal(
    name: str, data: st.DataObject
) -> None:  # R002
    form = FORMS[name]
    answers = data.draw(answers_for(form))
    read = read_answers(io.BytesIO(fill_pypdf(DATA[name], pdf_values(form, answers))))
    assert dict(read) == answers
    assert set(read.missing) == {q.id for q in form.questions} - set(answers)


def test_typed_names_are_the_files_people(
    kinds: tuple[Form, bytes, dict[str, Any]],
) -> None:  # R003
    _, data, _ = kinds
    values = {
        "person:employee": "Søren Ærø",
        "person:leader": "Åse Ødegård",
        "person:department": "Løn & IT",
        "person:date": "15-12-2026",
    }
    read = read_answers(io.BytesIO(fill_pikepdf(data, values)))
    assert (read.form.employee, read.form.leader, read.form.department, read.form.date) == (
        "Søren Ærø",
        "Åse Ødegård",
        "Løn & IT",
        "2026-12-15",
    )


# -- hostile and foreign files --------------------------------------------------------


def _refused(data: bytes, code: str, tmp_path: Path) -> AnswersError:
    path = tmp_path / "filled.pdf"
    path.write_bytes(data)
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    assert info.value.code == code, info.value
    assert info.value.file == path
    return info.value


def _edited(data: bytes, edit: Any) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    edit(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _classic(bodies: list[bytes], size: int | None = None) -> bytes:
    """Return a small PDF of ``bodies`` (object 1 the catalog) with a classic xref."""
    out = [b"%PDF-1.7\n"]
    offsets = []
    position = len(out[0])
    for number, body in enumerate(bodies, start=1):
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
        offsets.append(position)
        out.append(chunk)
        position += len(chunk)
    out.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    out += [b"%010d 00000 n \n" % offset for offset in offsets]
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    out.append(trailer % (size or len(bodies) + 1, position))
    return b"".join(out)


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:  # R004
    _refused(b"GIF89a" + bytes(range(256)) * 4, "answers.not_zip", tmp_path)


def test_a_pdf_cut_short_is_refused(
    kinds: tuple[Form, bytes, dict[str, Any]], tmp_path: Path
) -> None:  # R004
    error = _refused(kinds[1][: len(kinds[1]) // 2], "answers.pdf_damaged", tmp_path)
    assert "damaged or cut short" in str(error)


def test_an_object_stream_bomb_is_refused(tmp_path: Path) -> None:  # R004
    """The payload's file entry lives in an object stream that inflates to 100 MB."""
    compressor = zlib.compressobj(9)
    bomb = b"".join(compressor.compress(b" " * (1 << 20)) for _ in range(100)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names "
        b"[(musforms.json) 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\n"
        b"endstream" % (len(bomb), bomb),
    ]
    out, offsets = [b"%PDF-1.7\n"], []
    for number, body in enumerate(objects, start=1):
        offsets.append(sum(map(len, out)))
        out.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    start = sum(map(len, out))
    # An xref stream: objects 1-3 in the file, object 4 inside object stream 3, 5 itself.
    rows = [b"\x00" + bytes(6)] + [b"\x01" + o.to_bytes(4, "big") + b"\x00\x00" for o in offsets]
    rows += [
        b"\x02" + (3).to_bytes(4, "big") + b"\x00\x00",
        b"\x01" + start.to_bytes(4, "big") + b"\x00\x00",
    ]
    table = b"".join(rows)
    out.append(
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\n"
        b"endstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (len(table), table, start)
    )
    assert "unpacks" in str(_refused(b"".join(out), "answers.pdf_too_large_unpacked", tmp_path))


def test_a_payload_bomb_is_refused(
    kinds: tuple[Form, bytes, dict[str, Any]], tmp_path: Path
) -> None:  # R004
    compressor = zlib.compressobj(9)
    bomb = b"".join(compressor.compress(b" " * (1 << 20)) for _ in range(100)) + compressor.flush()

    def inflate(pdf: pikepdf.Pdf) -> None:
        stream = pdf.Root.Names.EmbeddedFiles.Names[1].EF.F
        stream.write(bomb, filter=pikepdf.Name.FlateDecode, type_check=False)

    error = _refused(_edited(kinds[1], inflate), "answers.pdf_too_large_unpacked", tmp_path)
    assert "unpacks" in str(error)


def test_a_file_of_a_hundred_thousand_objects_is_refused_at_once(tmp_path: Path) -> None:  # R004
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    _refused(_classic(bodies + [b"<< /A 1 >>"] * 100_000), "answers.pdf_too_many_objects", tmp_path)
    _refused(_classic(bodies, size=10**9), "answers.pdf_too_many_objects", tmp_path)


def _open_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )


def _field_action(pdf: pikepdf.Pdf) -> None:
    widget = pdf.pages[0].Annots[0]
    widget.AA = pikepdf.Dictionary(
        K=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("event.value=1"))
    )


def _submit(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].Annots[0].A = pikepdf.Dictionary(
        S=pikepdf.Name.SubmitForm, F=pikepdf.String("https://example.org/")
    )


def _xfa(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AcroForm.XFA = pikepdf.Array([])


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (_open_action, "answers.pdf_actions"),
        (_field_action, "answers.pdf_actions"),
        (_submit, "answers.pdf_actions"),
        (_xfa, "answers.pdf_xfa"),
    ],
    ids=["javascript-on-open", "javascript-on-a-field", "submit-action", "xfa"],
)
def test_javascript_actions_and_xfa_are_refused(
    kinds: tuple[Form, bytes, dict[str, Any]], edit: Any, code: str, tmp_path: Path
) -> None:  # R004
    _refused(_edited(kinds[1], edit), code, tmp_path)


def test_an_encrypted_pdf_is_refused(
    kinds: tuple[Form, bytes, dict[str, Any]], tmp_path: Path
) -> None:  # R004
    pdf = pikepdf.open(io.BytesIO(kinds[1]))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="", owner="o", R=6))
    error = _refused(out.getvalue(), "answers.pdf_encrypted", tmp_path)
    assert "password" in str(error)


def test_a_foreign_pdf_form_is_not_musforms(tmp_path: Path) -> None:  # R004
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.acroForm.textfield(name="navn", x=50, y=700)
    canvas.acroForm.checkbox(name="enig", x=50, y=650)
    canvas.showPage()
    canvas.save()
    _refused(buffer.getvalue(), "answers.not_musforms", tmp_path)


def test_only_the_payload_by_its_own_name_is_read(
    kinds: tuple[Form, bytes, dict[str, Any]], tmp_path: Path
) -> None:  # R004
    def rename(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Names.EmbeddedFiles.Names[0] = pikepdf.String("other.json")

    _refused(_edited(kinds[1], rename), "answers.not_musforms", tmp_path)


def test_an_edited_spec_does_not_match_its_fingerprint(
    kinds: tuple[Form, bytes, dict[str, Any]], tmp_path: Path
) -> None:  # R004
    def swap(pdf: pikepdf.Pdf) -> None:
        stream = pdf.Root.Names.EmbeddedFiles.Names[1].EF.F
        payload = json.loads(stream.read_bytes())
        custom = payload["spec"]["sections"][-1]["questions"][-1]
        assert custom["kind"] == "text"
        custom["kind"] = "long_text"  # another kind: another form, same fingerprint claimed
        text = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        stream.write(zlib.compress(text), filter=pikepdf.Name.FlateDecode)

    _refused(_edited(kinds[1], swap), "answers.fingerprint", tmp_path)


def test_a_pdf_far_too_large_is_refused(
    kinds: tuple[Form, bytes, dict[str, Any]], tmp_path: Path
) -> None:  # R004
    _refused(kinds[1] + b"%" * MAX_PDF_BYTES, "file.too_large", tmp_path)


# -- the commands -----------------------------------------------------------------------


def test_read_collect_and_batch_take_pdfs(
    kinds: tuple[Form, bytes, dict[str, Any]], tmp_path: Path
) -> None:  # R005
    form, data, answers = kinds
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_pikepdf(data, pdf_values(form, answers)))
    runner = CliRunner()
    result = runner.invoke(main, ["read", str(filled), "--json"])
    assert result.exit_code == 0, result.output
    assert '"answers"' in result.output
    second = tmp_path / "second.pdf"
    second.write_bytes(fill_pypdf(data, pdf_values(form, answers)))
    overview = tmp_path / "overblik.xlsx"
    result = runner.invoke(main, ["collect", str(filled), str(second), "-o", str(overview)])
    assert result.exit_code == 0, result.output
    assert overview.is_file()
    people = tmp_path / "people.csv"
    people.write_text("medarbejder\nSøren Ærø\n", encoding="utf-8")
    result = runner.invoke(
        main,
        [
            "batch",
            "--preset",
            "smiley",
            "--people",
            str(people),
            "--out-dir",
            str(tmp_path / "o"),
            "-f",
            "pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    assert read_answers(tmp_path / "o" / "Søren Ærø.pdf").form.employee == "Søren Ærø"
