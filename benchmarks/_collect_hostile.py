"""(k) 'musforms collect' over filled forms of which a tenth are hostile: time and peak memory.

The hostile tenth is made of the kinds issue 12 names, in turn: zip bombs (a
member unpacking to 64 MiB of zeros, declared and lying about its size),
entity bombs (the billion laughs in the document), tampered payloads (another
fingerprint), a form format musforms does not know (99), truncated zips and
random bytes. Each is made from a real filled form where it can be, so that
the reader goes deep before refusing it.

Memory is measured twice: the peak resident set of the largest single
process (``os.wait4``, as case (d) does), and the peak of the sum over the
command and its worker processes, sampled every 20 ms from ``/proc`` (the
figure the machine feels; Linux only). The target is judged on the sum.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from _fill import corpus, filled_docx
from _report import Report
from _timing import musforms_command

import musforms

__all__ = ["HOSTILE_KINDS", "hostile_collect_case"]

SECONDS = 20.0
MIB = 300.0
NAMESPACE = b"urn:musforms:form:1"


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _payload_changed(base: bytes, change: Callable[[dict[str, object]], None]) -> bytes:
    """Return the .docx ``base`` with its payload's JSON changed by ``change``."""
    from lxml import etree

    parts = _members(base)
    name = next(n for n, b in parts.items() if n.startswith("customXml/item") and NAMESPACE in b)
    root = etree.fromstring(parts[name])
    element = next(e for e in root.iter() if etree.QName(e).localname == "payload")
    payload = json.loads(element.text or "{}")
    change(payload)
    element.text = json.dumps(payload, ensure_ascii=True)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return _zip(parts)


def _zip_bomb(base: bytes, *, lying: bool) -> bytes:
    """Return ``base`` whose document unpacks to 64 MiB of zeros.

    ``lying``: its headers say 10 KB.
    """
    size = 64 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(bytes(size)) + compressor.flush()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in _members(base).items():
            if name != "word/document.xml":
                archive.writestr(name, blob)
    data = bytearray(out.getvalue())
    # Append the bomb as a raw entry and rebuild the central directory by hand.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        infos = archive.infolist()
    end = data.rfind(b"PK\x05\x06")
    central_start = int.from_bytes(data[end + 16 : end + 20], "little")
    central = bytes(data[central_start:end])
    body = bytes(data[:central_start])
    name = b"word/document.xml"
    crc = zlib.crc32(bytes(size))
    declared = 10_000 if lying else size
    offset = len(body)
    local = (
        b"PK\x03\x04"
        + (20).to_bytes(2, "little")
        + bytes(2)
        + (8).to_bytes(2, "little")
        + bytes(4)
        + crc.to_bytes(4, "little")
        + len(deflated).to_bytes(4, "little")
        + declared.to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + bytes(2)
    )
    entry = (
        b"PK\x01\x02"
        + (20).to_bytes(2, "little") * 2
        + bytes(2)
        + (8).to_bytes(2, "little")
        + bytes(4)
        + crc.to_bytes(4, "little")
        + len(deflated).to_bytes(4, "little")
        + declared.to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + bytes(8)
        + bytes(4)
        + offset.to_bytes(4, "little")
        + name
    )
    body += local + name + deflated
    central += entry
    count = len(infos) + 1
    tail = (
        b"PK\x05\x06"
        + bytes(4)
        + count.to_bytes(2, "little") * 2
        + len(central).to_bytes(4, "little")
        + len(body).to_bytes(4, "little")
        + bytes(2)
    )
    return body + central + tail


def _billion_laughs(base: bytes) -> bytes:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document>&l9;</w:document>'
    return _zip({**_members(base), "word/document.xml": bomb.encode()})


def _hostile_kinds(base: bytes) -> dict[str, bytes]:
    """Return one file of each hostile kind, made from the filled .docx ``base``."""
    rng = random.Random(12)
    return {
        "zip-bomb": _zip_bomb(base, lying=False),
        "zip-bomb-lying": _zip_bomb(base, lying=True),
        "entity-bomb": _billion_laughs(base),
        "tampered": _payload_changed(base, lambda p: p.update(form_id="0" * 16)),
        "format-99": _payload_changed(base, lambda p: p.update(musforms=99)),
        "truncated": base[: len(base) // 2],
        "random-bytes": rng.randbytes(30_000),
    }


HOSTILE_KINDS = ("zip-bomb", "zip-bomb-lying", "entity-bomb", "tampered", "format-99")
HOSTILE_KINDS += ("truncated", "random-bytes")


def _tree_rss_kib(pid: int) -> int:
    """Return the resident memory of ``pid`` and all its descendants, in KiB (0 if gone)."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        todo.extend(int(child) for child in children)
    return total


def _run(argv: list[str], cwd: Path) -> tuple[float, float, float, int, str]:
    """Run ``argv``; return seconds, peak MiB (largest process, whole tree), status, output."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        tree_peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, _tree_rss_kib(proc.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss / 1024, tree_peak / 1024, proc.returncode, text


def hostile_collect_case(report: Report, good: int, hostile: int, runs: int) -> None:
    """(k) collect ``good`` filled forms and ``hostile`` hostile ones; exit 2, time, memory."""
    form = musforms.build_form(musforms.preset("standard"))
    with tempfile.TemporaryDirectory(prefix="musforms-bench-") as name:
        folder = Path(name) / "svar"
        paths = corpus(form, folder, good)
        kinds = _hostile_kinds(filled_docx(form, 0))
        for number in range(hostile):
            kind = HOSTILE_KINDS[number % len(HOSTILE_KINDS)]
            path = folder / f"hostile-{number:03d}-{kind}.docx"
            path.write_bytes(kinds[kind])
            paths.append(path)
        argv = [*musforms_command(), "collect", *(p.name for p in paths), "-o", "../o.xlsx"]
        results = [_run(argv, folder) for _ in range(runs)]
    for _, _, _, code, text in results:
        summary = next((ln for ln in text.splitlines() if "forms read" in ln), text[-300:])
        if code != 2 or f"{good} forms read, {hostile} failed" not in summary:
            raise RuntimeError(f"musforms collect exited {code}: {summary}")
    wall = sorted(r[0] for r in results)[len(results) // 2]
    single = max(r[1] for r in results)
    tree = max(r[2] for r in results)
    total = good + hostile
    report.row("k", f"musforms collect: {total:,} forms, {hostile} hostile (exit 2)", wall, "s")
    report.row("k", "peak memory, largest process (wait4)", single, "MiB")
    report.row("k", "peak memory, command + workers (sampled)", tree, "MiB")
    goal = f"collect {total:,} forms ({hostile} hostile)"
    report.target(
        "k", f"{goal} in under {SECONDS:g} s", wall < SECONDS, f"{wall:.1f} s", scaled=True
    )
    report.target(
        "k",
        f"{goal} in under {MIB:g} MiB (all processes)",
        tree < MIB,
        f"{tree:.0f} MiB",
        scaled=True,
    )
