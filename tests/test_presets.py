"""The ready forms, read as their readers read them.

Every preset is built in both languages, and for each audience its type offers
the test collects what that reader reads: the form's intro for that audience,
the titles and intros of the sections that hold questions for them, and the
wording and hint of each of those questions (with options, scale labels and
competence names). The checks are about who is spoken to.

P001: every preset states its type in its own file, and the type is the one it is for.
P002: every preset is estimated at 45-90 minutes, asks no question twice, uses no
      question the bank editors removed from use and no near-duplicates (at most two
      of the three time horizons).
P003: the intro of every MUS and LUS preset, on every sheet, has the same sentence:
      the conversation is confidential and is not a pay negotiation; grus says that
      anyone may still ask for an individual MUS.
P004: nothing a leader reads points to the reader's own leader ("din leder", "your
      manager"). In a LUS the leader's sheet is read by the reviewed manager's own
      manager, whose own leader takes no part either, so the rule is the same there;
      and in a LUS and a GRUS nobody reads "medarbejderen": the reviewed person is
      "lederen", the team is "I".
P005: the leader's sheet of a MUS does not speak to the leader about "dit arbejde",
      "din trivsel", "din udvikling" as if the leader were the employee; every type
      with a leader's sheet gives the leader an intro of their own, and a leader's
      title for every section title that says "du" / "you"; the employee's sheet of a
      MUS does not speak of "medarbejderen".
P006: no English text anywhere says "leader" (the word is "manager"; "leadership"
      stays) or "cooperation".
P007: the colleague's sheet speaks of "din kollega" and mentions no plan or signature;
      all its questions are for the colleague, and none is a score of the colleague.
P008: every sheet a type offers has questions; titles use no template syntax but
      {{ year }}; every preset has a one-line description in both languages.
P009: the review's section 5, point by point (kommune, standard, tre-delt, leder,
      smiley, kompetencespind, grus, kollega-input, the three new presets).
P010: the Danish guide's table lists every preset with its type and minutes.
P011: Word and PDF give the leader's sheet the leader's intro, not the employee's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import pytest
import yaml

from musforms import build_form, load_bank, preset
from musforms._presets import PRESET_NAMES
from musforms.form import Form, FormQuestion

LANGUAGES = ("da", "en")

#: The type each preset is for (issue 13).
TYPES = {
    "standard": "mus",
    "kommune": "mus",
    "smiley": "mus",
    "anerkendende": "mus",
    "kompetencespind": "mus",
    "kollega-input": "colleague",
    "tre-delt": "mus",
    "ny-medarbejder": "mus",
    "efter-fravaer": "mus",
    "senior": "mus",
    "leder": "lus",
    "grus": "grus",
}

#: The sheets each type offers (kinds.SHEETS_OF_TYPE, written out: the test's own oracle).
AUDIENCES = {
    "mus": ("employee", "leader", "conversation"),
    "lus": ("employee", "leader", "conversation"),
    "grus": ("employee", "leader", "conversation"),
    "colleague": ("colleague",),
}

#: The statement of P003, word for word.
CONFIDENTIAL = {
    "da": (
        "Samtalen er fortrolig: Det, I siger, bliver mellem jer to, bortset fra det, "
        "I aftaler at skrive i udviklingsplanen. Det er heller ikke en lønsamtale; "
        "løn taler I om et andet sted."
    ),
    "en": (
        "The conversation is confidential: what you say stays between the two of you, "
        "except what you agree to write in the development plan. It is not a pay "
        "negotiation either; pay is discussed separately."
    ),
}

#: Questions the bank editors took out of use in presets (they stay in the bank).
REMOVED_FROM_USE = {
    "samarbejde.kollegas_blik": "the same as kollega.vaerdsaetter",
    "tilbageblik.opfoelgning_fremover": "the same as afslutning.opfoelgning_hvornaar",
    "kollega.samarbejde": "a colleague's 1-5 score of the employee",
    "afslutning.dato": "repeats the header's date field",
}
TIME_HORIZONS = {"udvikling.om_et_aar", "udvikling.om_tre_aar", "udvikling.om_fem_aar"}

CASES = [(name, language) for name in TYPES for language in LANGUAGES]
CASE_IDS = [f"{name}-{language}" for name, language in CASES]


def cases_of(*types: str, sheet: str | None = None) -> Any:
    """Return the (name, language) cases of presets of ``types`` (all, if none) with ``sheet``."""
    chosen = [
        (name, language)
        for name, language in CASES
        if (not types or TYPES[name] in types)
        and (sheet is None or sheet in AUDIENCES[TYPES[name]])
    ]
    return pytest.mark.parametrize(
        ("name", "language"), chosen, ids=[f"{n}-{lang}" for n, lang in chosen]
    )


@cache
def _form(name: str, language: str) -> Form:
    return build_form(preset(name, language))  # type: ignore[arg-type]


@cache
def _raw(name: str) -> dict[str, Any]:
    text = resources.files("musforms").joinpath("presets", f"{name}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _intro(form: Form, audience: str) -> str | None:
    if audience == "leader" and form.leader_intro:
        return form.leader_intro
    return form.intro


def _question_texts(question: FormQuestion, audience: str) -> Iterator[tuple[str, str]]:
    yield f"{question.id} text", question.wording(audience)
    hint = question.hint(audience)
    if hint:
        yield f"{question.id} help", hint
    for choice in (*question.options, *question.competences):
        yield f"{question.id} option {choice.id}", choice.text
    if question.scale is not None:
        for label in (question.scale.min_label, question.scale.max_label):
            if label:
                yield f"{question.id} scale label", label


def reads(form: Form, audience: str, *, options: bool = True) -> list[tuple[str, str]]:
    """Return (place, text) for every text ``audience`` reads in ``form``."""
    found: list[tuple[str, str]] = [("form title", form.title)]
    intro = _intro(form, audience)
    if intro:
        found.append(("form intro", intro))
    for number, section in enumerate(form.sections, start=1):
        questions = [q for q in section.questions if q.for_audience(audience)]
        if not questions:
            continue  # the renderers leave such a section out
        found.append((f"section {number} title", section.title_for(audience)))
        section_intro = section.intro_for(audience)
        if section_intro:
            found.append((f"section {number} intro", section_intro))
        for question in questions:
            texts = _question_texts(question, audience)
            found.extend(t for t in texts if options or " option " not in t[0])
    return found


def _hits(texts: list[tuple[str, str]], pattern: str) -> list[str]:
    regex = re.compile(pattern, re.IGNORECASE)
    return [f"{place}: {text!r}" for place, text in texts if regex.search(text)]


def _audiences(name: str) -> tuple[str, ...]:
    return AUDIENCES[TYPES[name]]


# -- P001 type -----------------------------------------------------------------------------


def test_the_presets_are_listed_in_order_with_the_three_new_ones() -> None:  # P001
    assert tuple(TYPES) == PRESET_NAMES


@pytest.mark.parametrize("name", list(TYPES))
def test_every_preset_states_its_type(name: str) -> None:  # P001
    assert _raw(name).get("type") == TYPES[name]
    assert preset(name).type == TYPES[name]


# -- P002 length and questions ------------------------------------------------------------


@pytest.mark.parametrize(("name", "language"), CASES, ids=CASE_IDS)
def test_every_preset_lasts_45_to_90_minutes(name: str, language: str) -> None:  # P002
    assert 45 <= _form(name, language).estimated_minutes <= 90


@pytest.mark.parametrize("name", list(TYPES))
def test_no_preset_uses_a_question_removed_from_use(name: str) -> None:  # P002
    ids = {q.id for q in _form(name, "da").questions}
    assert not {i: REMOVED_FROM_USE[i] for i in ids & set(REMOVED_FROM_USE)}


@pytest.mark.parametrize("name", list(TYPES))
def test_no_preset_asks_near_duplicates(name: str) -> None:  # P002
    bank = load_bank()
    ids = [q.id for q in _form(name, "da").questions]
    assert len(ids) == len(set(ids))
    assert len(TIME_HORIZONS & set(ids)) <= 2
    pairs = sorted(
        (a, b)
        for a in ids
        if a in bank
        for b in bank[a].similar
        if b in ids and not {a, b} <= TIME_HORIZONS
    )
    assert not pairs


# -- P003 confidentiality -----------------------------------------------------------------


@cases_of("mus", "lus")
def test_every_mus_and_lus_intro_says_confidential_and_no_pay_talk(
    name: str, language: str
) -> None:  # P003
    form = _form(name, language)
    for audience in _audiences(name):
        assert CONFIDENTIAL[language] in (_intro(form, audience) or ""), audience


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_grus_intro_says_no_pay_talk_and_an_individual_mus_may_be_asked_for(
    language: str,
) -> None:  # P003
    form = _form("grus", language)
    words = {
        "da": ("lønsamtale", "individuel MUS", "bede om"),
        "en": ("pay negotiation", "individual development conversation", "ask for"),
    }[language]
    for audience in _audiences("grus"):
        intro = _intro(form, audience) or ""
        assert all(w in intro for w in words), (audience, intro)


# -- P004, P005 who is spoken to ----------------------------------------------------------

#: The reader's own leader: wrong on any leader's sheet (see P004).
OWN_LEADER = r"\bdin (egen )?leder\b|\bdit forhold til din leder\b|\byour (own )?(manager|leader)\b"
#: The one-to-one employee, who is not in a LUS (the reviewed manager) or a GRUS (a team).
THE_EMPLOYEE = r"\bmedarbejderen(s)?\b|\bthe employee('s)?\b"
#: The employee's own things, said to the leader.
EMPLOYEES_OWN = (
    r"\b(dit arbejde|din trivsel|din udvikling|dine opgaver|dine kolleger|dig og dit)\b"
    r"|\byour (work|wellbeing|development|tasks|colleagues)\b"
)


@cases_of(sheet="leader")
def test_nothing_a_leader_reads_points_to_their_own_leader(name: str, language: str) -> None:
    """P004: in every type, the leader's sheet has no "din leder" / "your manager"."""
    assert not _hits(reads(_form(name, language), "leader"), OWN_LEADER)


@cases_of("lus", "grus")
def test_a_lus_or_grus_calls_nobody_medarbejderen(name: str, language: str) -> None:  # P004
    form = _form(name, language)
    for audience in _audiences(name):
        assert not _hits(reads(form, audience), THE_EMPLOYEE), audience


@cases_of("mus")
def test_the_leaders_sheet_of_a_mus_is_not_written_to_the_employee(
    name: str, language: str
) -> None:  # P005
    form = _form(name, language)
    assert not _hits(reads(form, "leader"), EMPLOYEES_OWN)


#: "du", "dig", "din", "dit", "dine" / "you", "your": words that speak to the sheet's reader.
SECOND_PERSON = {"da": r"\b(du|dig|din|dit|dine)\b", "en": r"\b(you|your|yours)\b"}


@pytest.mark.parametrize("name", [n for n in TYPES if "leader" in AUDIENCES[TYPES[n]]])
def test_the_leader_reads_an_intro_and_titles_of_their_own(name: str) -> None:  # P005
    """The intro and any title that speaks to the employee have a leader's version."""
    data = _raw(name)
    assert isinstance(data.get("leader_intro"), dict)
    assert data["leader_intro"] != data["intro"]
    for section in data["sections"]:
        title = section.get("title") or {}
        speaks = [
            lang
            for lang in LANGUAGES
            if re.search(SECOND_PERSON[lang], title.get(lang, ""), re.IGNORECASE)
        ]
        assert not speaks or section.get("leader_title"), title


@cases_of("mus")
def test_the_employees_sheet_of_a_mus_does_not_speak_of_the_employee(
    name: str, language: str
) -> None:  # P005
    texts = reads(_form(name, language), "employee", options=False)
    assert not _hits(texts, THE_EMPLOYEE)


# -- P006 English words -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TYPES))
def test_no_english_text_says_leader_or_cooperation(name: str) -> None:  # P006
    form = _form(name, "en")
    texts = [
        t for audience in ("employee", "leader", "conversation") for t in reads(form, audience)
    ]
    spec = preset(name, "en")
    texts += [("description", spec.localized("description") or "")]
    texts += [("leader intro", form.leader_intro or ""), ("intro", form.intro or "")]
    assert not _hits(texts, r"\bleaders?\b|\bcooperat")


# -- P007 the colleague's sheet -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_colleague_sheet_speaks_of_your_colleague_and_of_no_plan(language: str) -> None:
    """P007."""
    form = _form("kollega-input", language)
    intro = form.intro or ""
    assert ("din kollega" if language == "da" else "your colleague") in intro.lower()
    assert not _hits([("intro", intro)], r"udviklingsplan|underskri|\bplan\b|\bsign")
    assert all(q.audience == ("colleague",) for q in form.questions)
    assert not [q.id for q in form.questions if q.kind in ("scale", "smiley")]


# -- P008 sheets, titles, descriptions ----------------------------------------------------


@pytest.mark.parametrize(("name", "language"), CASES, ids=CASE_IDS)
def test_every_sheet_of_the_type_has_questions(name: str, language: str) -> None:  # P008
    form = _form(name, language)
    for audience in _audiences(name):
        assert any(q.for_audience(audience) for q in form.questions), audience


@pytest.mark.parametrize("name", list(TYPES))
def test_titles_use_no_template_syntax_but_the_year(name: str) -> None:  # P008
    data = _raw(name)
    titles = [
        data["title"],
        *(s.get(k) for s in data["sections"] for k in ("title", "leader_title")),
    ]
    for title in titles:
        texts: list[str] = list(title.values()) if isinstance(title, dict) else [title or ""]
        for text in texts:
            assert "{{" not in text.replace("{{ year }}", ""), text
            assert "{%" not in text, text


@pytest.mark.parametrize("name", list(TYPES))
def test_every_preset_has_a_description_in_both_languages(name: str) -> None:  # P008
    description = _raw(name).get("description")
    assert isinstance(description, dict)
    assert description["da"].strip() and description["en"].strip()


# -- P009 the review's section 5 ----------------------------------------------------------


def _ids(name: str) -> list[str]:
    return [q.id for q in _form(name, "da").questions]


OPENING = ["tilbageblik.vigtigst_i_samtalen", "tilbageblik.forventninger_til_samtalen"]


@pytest.mark.parametrize("name", ["kommune", "standard"])
def test_kommune_and_standard_open_with_the_round_of_expectations(name: str) -> None:  # P009
    assert _ids(name)[:2] == OPENING


@pytest.mark.parametrize("name", ["kommune", "standard"])
def test_kommune_and_standard_last_about_85_to_90_minutes(name: str) -> None:  # P009
    assert _form(name, "da").estimated_minutes in (85, 90)


#: What §5 and issue 13 ask kommune and standard to cover, theme by theme.
COVERED = {
    "wellbeing": {"trivsel.trivsel_nu", "smiley.trivsel"},
    "pressure": {"arbejdsmiljo.perioder_med_pres", "arbejdsmiljo.overskud", "smiley.pres"},
    "the workplace's goals": {"strategi.afdelingens_maal", "strategi.vigtigste_maal"},
    "difficult relations": {"samarbejde.svaert"},
    "future tasks": {"opgaver.fremtidige_opgaver"},
    "future competences": {"kompetencer.fremtidige_krav", "kompetencer.fremtidige_behov"},
    "other topics": {"afslutning.ikke_naaet"},
    "feedback to the leader": {"ledelse.feedback_til_leder"},
    "the plan": {"afslutning.udviklingsplan"},
}


@pytest.mark.parametrize("name", ["kommune", "standard"])
@pytest.mark.parametrize("theme", list(COVERED))
def test_kommune_and_standard_cover_the_themes(name: str, theme: str) -> None:  # P009
    assert COVERED[theme] & set(_ids(name))


def test_tre_delt_has_the_annual_theme_in_part_one() -> None:  # P009
    form = _form("tre-delt", "da")
    theme = [s for s in form.sections if any(q.category == "tema" for q in s.questions)]
    assert theme and theme[0].title.startswith("Del 1")
    assert 2 <= sum(q.category == "tema" for q in form.questions) <= 3


def test_tre_delt_records_goals_once_in_the_plan() -> None:  # P009
    ids = _ids("tre-delt")
    assert "afslutning.udviklingsplan" in ids
    assert not {"custom.faglige_maal", "custom.personlige_maal"} & set(ids)


def test_leder_borrows_no_mus_question_that_calls_the_manager_medarbejderen() -> None:  # P009
    ids = set(_ids("leder"))
    assert not ids & {"trivsel.giver_energi", "ledelse.aftaler_samarbejde", "udvikling.om_tre_aar"}
    assert {"lus.lederrollen", "lus.sparring", "lus.feedback_til_egen_leder"} <= ids
    assert "lus.maalinger" in ids


def test_smiley_has_five_faces_throughout_and_a_readable_workload() -> None:  # P009
    form = _form("smiley", "da")
    faces = {q.id: q.faces for q in form.questions if q.kind == "smiley"}
    assert set(faces.values()) == {5}, faces
    assert {"smiley.arbejdsmaengde", "smiley.pres"} <= set(faces)
    assert any(q.id.startswith("tilbageblik.plan") for q in form.questions)


def test_kompetencespind_tells_the_workplace_to_put_in_the_jobs_own_competences() -> None:
    """P009: the intro asks for the job's own 6-8 competences."""
    for language, words in (("da", ("6-8", "kompetencer")), ("en", ("6-8", "competences"))):
        form = _form("kompetencespind", language)
        for audience in _audiences("kompetencespind"):
            intro = _intro(form, audience) or ""
            assert all(w in intro for w in words), (language, audience)
    assert len(COMPETENCES_TODAY & set(_ids("kompetencespind"))) <= 3


#: The five similar "competences today" questions the review asked to cut to three.
COMPETENCES_TODAY = {
    "kompetencer.styrker",
    "kompetencer.i_brug",
    "kompetencer.ubrugte",
    "kompetencer.passer_til_opgaver",
    "kompetencer.mangler",
}


def test_grus_looks_back_on_the_last_team_plan_and_sets_ground_rules() -> None:  # P009
    ids = _ids("grus")
    assert ids[0] == "gruppe.sidste_teamplan"
    assert {"gruppe.spilleregler", "gruppe.forventninger_hinanden"} <= set(ids)


def test_the_colleague_input_lists_its_questions_without_the_score() -> None:  # P009
    sections = _raw("kollega-input")["sections"]
    assert all("category" not in s for s in sections)
    assert "kollega.samarbejde" not in _ids("kollega-input")


@pytest.mark.parametrize("name", ["anerkendende", "kompetencespind"])
def test_the_forms_that_go_with_colleague_input_take_it_into_the_talk(name: str) -> None:
    """P009: a MUS built on colleague input asks what the employee takes from it."""
    assert {"samarbejde.kollega_input", "anerkendende.kollegers_input"} & set(_ids(name))


@pytest.mark.parametrize(
    ("name", "category"),
    [("ny-medarbejder", "ny_medarbejder"), ("efter-fravaer", "fravaer"), ("senior", "senior")],
)
def test_the_new_presets_are_built_on_their_own_category(name: str, category: str) -> None:
    """P009: the three new presets, each 45-90 minutes, on its own bank category."""
    form = _form(name, "da")
    own = [q for q in form.questions if q.category == category]
    assert len(own) >= 5
    assert "afslutning.udviklingsplan" in _ids(name)


# -- P010 the guide lists them as they are ------------------------------------------------

_GUIDE_ROW = re.compile(r"^\| `([a-z-]+)` \| .* \| (MUS|LUS|GRUS|kollega) \| (\d+) min\. \|$", re.M)
_GUIDE_TYPE = {"MUS": "mus", "LUS": "lus", "GRUS": "grus", "kollega": "colleague"}


def test_the_danish_guide_lists_every_preset_with_its_type_and_minutes() -> None:  # P010
    from pathlib import Path

    page = Path(__file__).parents[1] / "docs" / "da" / "index.md"
    rows = {m[1]: (_GUIDE_TYPE[m[2]], int(m[3])) for m in _GUIDE_ROW.finditer(page.read_text())}
    assert rows == {name: (TYPES[name], _form(name, "da").estimated_minutes) for name in TYPES}


def _shown_text(data: bytes, fmt: str) -> str:
    """Return the words a reader sees in a rendered file, whitespace made single."""
    import io

    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        text = " ".join(p.text for p in document.paragraphs)
        text += " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        text = " ".join(
            str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value
        )
    else:
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["docx", "pdf"])  # Excel holds the main sheet only
@pytest.mark.parametrize("name", ["standard", "kommune", "leder", "grus"])
def test_every_format_gives_the_leader_the_leaders_intro(name: str, fmt: str) -> None:
    # P011: what P005 asks of the form, each renderer does on paper
    from musforms.render import render_bytes

    form = build_form(preset(name))
    assert form.leader_intro and form.intro
    shown = _shown_text(render_bytes(form, fmt, audience="leader"), fmt)
    opening = " ".join(form.leader_intro.split()[:6])
    employee_opening = " ".join(form.intro.split()[:6])
    assert opening in shown
    assert employee_opening not in shown
