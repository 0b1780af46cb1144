"""The cache of the parsed shipped bank.

C001 a cached bank equals the bank parsed from YAML, question for question
C002 a cache that is stale, damaged or from elsewhere is ignored and the YAML parsed
C003 the cache is JSON (it can never run code) and readable by its owner only
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from musforms.bank import _cache
from musforms.bank.load import shipped_bank


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("MUSFORMS_NO_CACHE", raising=False)
    shipped_bank.cache_clear()
    yield tmp_path / "musforms"
    shipped_bank.cache_clear()


def _only_file(folder: Path) -> Path:
    files = list(folder.glob("bank-*.json"))
    assert len(files) == 1
    return files[0]


def test_a_cached_bank_equals_the_parsed_one(cache_home: Path) -> None:  # C001
    parsed = shipped_bank()
    path = _only_file(cache_home)
    shipped_bank.cache_clear()
    cached = shipped_bank()
    assert cached is not parsed
    assert [c.model_dump() for c in cached.categories] == [
        c.model_dump() for c in parsed.categories
    ]
    assert cached.questions == parsed.questions
    assert path.stat().st_mtime == _only_file(cache_home).stat().st_mtime  # read, not rewritten


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"format":1', '"format":99'),
        lambda text: json.dumps({"format": 1, "key": "other", "categories": []}),
        lambda text: text.replace('"categories":[', '"categories":[7,', 1),
    ],
    ids=["truncated", "other-format", "other-key", "not-a-category"],
)
def test_a_spoilt_cache_is_ignored(cache_home: Path, spoil: object) -> None:  # C002
    expected = [q.id for q in shipped_bank().questions]
    path = _only_file(cache_home)
    path.write_text(spoil(path.read_text("utf-8")), encoding="utf-8")  # type: ignore[operator]
    shipped_bank.cache_clear()
    assert [q.id for q in shipped_bank().questions] == expected


def test_the_cache_is_json_for_its_owner_only(cache_home: Path) -> None:  # C003
    shipped_bank()
    path = _only_file(cache_home)
    assert json.loads(path.read_text("utf-8"))["format"] == 1
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_cache_is_written_when_caching_is_off(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUSFORMS_NO_CACHE", "1")
    shipped_bank()
    assert not cache_home.exists()


def test_the_key_changes_with_the_bank_files() -> None:  # C002
    class File:
        def __init__(self, name: str, data: bytes) -> None:
            self.name, self.data = name, data

        def read_bytes(self) -> bytes:
            return self.data

    one = _cache.bank_key([File("a.yaml", b"x")])  # type: ignore[list-item]
    assert one != _cache.bank_key([File("a.yaml", b"y")])  # type: ignore[list-item]
    assert one != _cache.bank_key([File("b.yaml", b"x")])  # type: ignore[list-item]
