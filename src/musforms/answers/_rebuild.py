"""The form a filled file was made from, rebuilt from its payload and never taken on trust.

A file says what it likes about itself. So its embedded JSON Schema is never
used: the spec inside it is validated as strictly as a spec file (sizes
included), built into a :class:`~musforms.form.Form` in the template sandbox,
and that form's fingerprint must equal the one the file carries. The answers
are then checked against the rebuilt form's own questions. Nothing from the
file is fetched, compiled as a regular expression or expanded without bound.

Files of one batch differ only in their people, so forms are cached by their
spec without the person fields: collecting 1,000 forms builds one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from musforms.bank.questionbank import QuestionBank
from musforms.errors import AnswersError, MusformsError
from musforms.form import Form, build_form
from musforms.spec import MAX_SPEC_BYTES, FormSpec

if TYPE_CHECKING:
    from musforms.ooxml.payload import Payload

__all__ = ["form_of"]

#: Spec keys that name people; they differ per file of one batch and shape nothing.
_PERSON_KEYS = ("employee", "leader", "department", "date")
_CACHE: OrderedDict[str, Form] = OrderedDict()
_CACHE_SIZE = 128
_EMPTY_BANK = QuestionBank(())


def _without_people(spec: dict[str, Any]) -> dict[str, Any]:
    """Return raw spec data without its people (variables kept by name, their values blank)."""
    data = {key: value for key, value in spec.items() if key not in _PERSON_KEYS}
    variables = data.get("variables")
    if isinstance(variables, dict):
        data["variables"] = dict.fromkeys(variables, "")
    return data


def form_of(payload: Payload, *, label: str, bank: QuestionBank | None = None) -> Form:
    """Return the form ``payload`` describes, rebuilt and checked against its fingerprint.

    Args:
        bank: for files of payload format 1 only (musforms 0.1), whose spec refers
            to bank questions: the bank they were made with (default: the
            shipped one). Format 2 files carry every question and need no bank.

    Raises:
        AnswersError: the spec inside is invalid or too large
            (``answers.damaged_form``), or the rebuilt form does not have the
            file's fingerprint (``answers.fingerprint``).
    """
    data = _without_people(payload.spec)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_SPEC_BYTES:
        raise _damaged(label, "the spec inside is larger than a spec may be")
    key = hashlib.sha256(f"{payload.format}\n{text}".encode()).hexdigest()
    form = _CACHE.get(key)
    if form is None:
        form = _build(data, payload.format, label, bank)
        _CACHE[key] = form
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    if form.form_id != payload.form_id:
        raise AnswersError(code="answers.fingerprint", file=label)
    return form


def _build(data: dict[str, Any], version: int, label: str, bank: QuestionBank | None) -> Form:
    if version == 1 and bank is None:
        from musforms.bank.load import load_bank

        bank = load_bank()
    try:
        spec = FormSpec.from_data(data, file=label)
        return build_form(spec, bank if version == 1 and bank is not None else _EMPTY_BANK)
    except MusformsError as problem:
        raise _damaged(label, _broken_rule(problem)) from None
    except RecursionError:
        raise _damaged(label, "the spec inside nests too deeply") from None


#: A part of a spec location that may be shown: an index or a field name, never a text.
_FIELD = re.compile(r"^[a-z_]{1,40}$")


def _broken_rule(problem: MusformsError) -> str:
    """Say which rule the spec inside broke, and where, without quoting any of it.

    A spec error's own message may quote the value at fault, and the spec of a
    filled file may hold what people wrote (last year's goals, in a form built
    with ``--previous``): no message may repeat an answer.
    """
    loc = getattr(problem, "loc", ())
    where = "/".join(str(p) for p in loc if isinstance(p, int) or _FIELD.match(str(p)))
    return f"its spec breaks the rule {problem.code}" + (f" at {where}" if where else "")


def _damaged(label: str, why: str) -> AnswersError:
    return AnswersError(code="answers.damaged_form", params={"why": f" ({why})"}, file=label)
