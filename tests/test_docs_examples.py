"""Every example in docs/ works as the docs say."""

from __future__ import annotations

from pathlib import Path

from musforms import FormSpec, build_form, load_bank

DOCS = Path(__file__).parent.parent / "docs" / "examples"


def test_the_bank_folder_example_loads_and_extends_the_shipped_bank() -> None:
    bank = load_bank(DOCS / "bank")
    assert [q.id for q in bank.filter(category="kantine")] == [
        "kantine.pauser",
        "kantine.kantine_tilfreds",
        "kantine.frokost",
        "kantine.forslag",
    ]
    assert bank.get("trivsel.trivsel_nu") is not None


def test_the_spec_example_builds_with_the_bank_folder() -> None:
    form = build_form(FormSpec.from_file(DOCS / "spec.yaml"), load_bank(DOCS / "bank"))
    assert form.title == "MUS 2027"
    assert form.get("kantine.pauser") is not None
    assert form.get("trivsel.trivsel_nu").required  # type: ignore[union-attr]
    assert [q.id for q in form.questions if q.custom] == [
        "custom.hvilket_digitalt_vaerktoej_vil_du_gerne",
        "custom.hvordan_har_du_oplevet_flytningen_til",
    ]
    assert not form.too_long
