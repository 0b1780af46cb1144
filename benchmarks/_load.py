"""(l) `musforms serve` under load: many users at once on loopback, 1 and 2 workers.

The service runs as a child process (`musforms serve` on a free loopback
port), and an asyncio + httpx client in this process plays the users. Each
user does what a consultant does on the page, with fixed counts:

1. ``GET /?preset=standard``: the page with a ready form;
2. three previews, ``POST /preview``, each with one more question ticked, the
   body built as the page's script builds it (its ``NOT_STATE`` fields left
   out, read from ``app.js`` itself) and the ``Origin`` the browser sends;
3. a .docx and a .xlsx, ``POST /download`` with every field of the form and
   the button's ``format``, as the browser submits it.

Two ways of arriving are measured:

- **burst**: every user starts at once and clicks again as soon as the answer
  is there (no thinking): the service's capacity, and its latency when
  saturated;
- **paced**: the users arrive evenly over a ramp and pause between clicks, as
  people do; most of them are in the middle of their work at the same time.

Every answer is checked (the page has its form, the preview shows the question
just ticked, a download is a zip of the right type); a wrong answer, a refusal
or a timeout is an error. Each request has a timeout and each run a deadline,
so a stuck service ends the case instead of hanging it.

The service is started the way its ``--help`` says it can be: ``--workers N``
when it has the option (else one worker, and the row says so), and the rate
limit off through ``--config`` when it has that option (a per-client limit
would refuse one loopback client playing every user).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

import httpx
from _report import Report
from _timing import musforms_command

__all__ = ["load_case", "percentile"]

#: The issue's goal, for 2 workers: the 99th percentile of a preview.
PREVIEW_P99_MS = 500.0
#: The ready form every user starts from.
PRESET = "standard"
#: Previews per user (one more question ticked each time).
PREVIEWS = 3
#: The paced arrival: users start evenly over RAMP seconds and pause THINK seconds between
#: clicks, so that a session lasts about 25 s and most users overlap.
RAMP = 30.0
THINK = 5.0
#: Bounds: one request, the start of the service, one run.
REQUEST_TIMEOUT = 60.0
START_TIMEOUT = 60.0
RUN_DEADLINE = 300.0
STOP_TIMEOUT = 15.0

_DOWNLOAD_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml",
}


def percentile(values: list[float], q: float) -> float:
    """Return the ``q``-th percentile of ``values`` by the nearest-rank method (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


# -- what the service supports ----------------------------------------------------------


@dataclass(frozen=True)
class Serve:
    """The options of the installed ``musforms serve`` that the case depends on."""

    workers: bool
    config: bool

    @classmethod
    def detect(cls) -> Serve:
        """Read ``musforms serve --help``: the case runs before and after the service work."""
        shown = subprocess.run(
            [*musforms_command(), "serve", "--help"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        return cls(workers="--workers" in shown, config="--config" in shown)


# -- the page's form, read as a browser reads it -----------------------------------------


def _not_state() -> re.Pattern[str]:
    """Return the pattern of the fields the page's script leaves out of a preview."""
    script = resources.files("musforms.web").joinpath("static/app.js").read_text("utf-8")
    found = re.search(r"var NOT_STATE = /(.+?)/;", script)
    if found is None:
        raise RuntimeError("app.js has no NOT_STATE pattern any more; update benchmarks/_load.py")
    return re.compile(found.group(1))


class _BuilderForm(HTMLParser):
    """The submittable fields of ``<form id="builder">`` (and of controls with ``form="builder"``).

    Like a browser's form data: checked boxes only, a select's selected option
    (else its first), a textarea's text, nothing inside a ``<template>``.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.unticked: list[str] = []  # bank questions one could tick
        self.formats: list[str] = []  # the download buttons' values
        self._inside = False
        self._template = 0
        self._select: list[str | None] | None = None  # name, selected, first
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "builder":
            self._inside = True
        if tag == "template":
            self._template += 1
        if self._template or not (self._inside or a.get("form") == "builder"):
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
                elif name == "q":
                    self.unticked.append(a.get("value", ""))
            elif kind not in {"submit", "button", "file", "reset", "image"}:
                self.fields.append((name, a.get("value", "")))
        elif tag == "button" and name == "format":
            self.formats.append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            if self._select[2] is None:
                self._select[2] = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._template -= 1
        elif tag == "form":
            self._inside = False
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.fields.append((str(name), chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1]))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data


@dataclass(frozen=True)
class Page:
    """What a user needs of the page to play it: its fields, questions to tick, the formats."""

    fields: tuple[tuple[str, str], ...]
    state: tuple[tuple[str, str], ...]  # the fields a preview sends
    unticked: tuple[str, ...]
    docx: str  # the key of the main Word button
    xlsx: str

    @classmethod
    def read(cls, html: str) -> Page:
        """Read the page once (parsing it per user would load the client, not the service)."""
        form = _BuilderForm()
        form.feed(html)
        form.close()
        skip = _not_state()
        docx = next((f for f in form.formats if f.startswith("docx")), "")
        xlsx = next((f for f in form.formats if f.startswith("xlsx")), "")
        if not (form.fields and form.unticked and docx and xlsx):
            raise RuntimeError("the page has no builder form, questions or download buttons")
        return cls(
            tuple(form.fields),
            tuple((n, v) for n, v in form.fields if not skip.match(n)),
            tuple(form.unticked),
            docx,
            xlsx,
        )

    def ticks(self, user: int, count: int) -> list[str]:
        """Return the questions ``user`` has ticked after ``count`` clicks (different per user)."""
        n = len(self.unticked)
        return [self.unticked[(user * PREVIEWS + k) % n] for k in range(count)]


# -- the users ---------------------------------------------------------------------------


@dataclass
class Tally:
    """What one run saw: latencies per kind of request, errors by kind, its wall time."""

    seconds: dict[str, list[float]] = field(
        default_factory=lambda: {"page": [], "preview": [], "docx": [], "xlsx": []}
    )
    errors: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)  # the first words of each failure
    retried: int = 0  # requests sent again after the service closed their connection
    wall: float = 0.0

    @property
    def answered(self) -> int:
        """The requests answered correctly."""
        return sum(len(v) for v in self.seconds.values())

    def ms(self, *kinds: str) -> list[float]:
        """Return the latencies of ``kinds``, in milliseconds."""
        return [s * 1000 for kind in kinds for s in self.seconds[kind]]


def _check(kind: str, response: httpx.Response, ticked: str, page: Page) -> str | None:
    """Return what is wrong with an answer (``None``: it did its job)."""
    if response.status_code != 200:
        return f"{kind} {response.status_code}"
    body = response.content
    if kind == "page" and b'id="builder"' not in body:
        return "page without its form"
    if kind == "preview" and f'data-question-id="{ticked}"'.encode() not in body:
        return "preview without the ticked question"
    if kind in _DOWNLOAD_TYPES and (
        not body.startswith(b"PK")
        or not response.headers.get("content-type", "").startswith(_DOWNLOAD_TYPES[kind])
    ):
        return f"{kind} not a {kind} file"
    return None


#: The errors of a connection closed under a request, before any answer came.
_CLOSED = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


async def _send(
    client: httpx.AsyncClient, method: str, url: str, body: str, headers: dict[str, str]
) -> httpx.Response:
    if method == "GET":
        return await client.get(url)
    return await client.post(url, content=body, headers=headers)


async def _user(
    client: httpx.AsyncClient, user: int, page: Page, tally: Tally, start: float, think: float
) -> None:
    """Play one user: the page, the previews, the two downloads; record each answer."""
    posted = {"content-type": "application/x-www-form-urlencoded", "origin": str(client.base_url)}
    steps: list[tuple[str, str, str, str]] = [("page", "GET", f"/?preset={PRESET}", "")]
    for count in range(1, PREVIEWS + 1):
        ticks = page.ticks(user, count)
        body = urlencode([*page.state, *(("q", q) for q in ticks)])
        steps.append(("preview", "POST", "/preview", body))
    every = [*page.fields, *(("q", q) for q in page.ticks(user, PREVIEWS))]
    steps.append(("docx", "POST", "/download", urlencode([*every, ("format", page.docx)])))
    steps.append(("xlsx", "POST", "/download", urlencode([*every, ("format", page.xlsx)])))
    await asyncio.sleep(start)
    for number, (kind, method, url, body) in enumerate(steps):
        if number:
            await asyncio.sleep(think)
        ticked = page.ticks(user, number)[-1] if kind == "preview" else ""
        began = time.perf_counter()
        try:
            try:
                response = await _send(client, method, url, body, posted)
            except _CLOSED:
                # The service closed a kept-alive connection as the request went out: a
                # browser sends such a request again, once, on a new connection; so do we.
                tally.retried += 1
                response = await _send(client, method, url, body, posted)
        except httpx.HTTPError as exc:
            tally.errors[f"{kind} {type(exc).__name__}"] += 1
            tally.details.append(f"{kind} {type(exc).__name__}: {exc!r}"[:200])
            continue
        took = time.perf_counter() - began
        problem = _check(kind, response, ticked, page)
        if problem:
            tally.errors[problem] += 1
        else:
            tally.seconds[kind].append(took)


async def _drive(base: str, page: Page, users: int, *, ramp: float, think: float) -> Tally:
    """Run ``users`` users against ``base``; unfinished requests at the deadline are errors."""
    tally = Tally()
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    timeout = httpx.Timeout(REQUEST_TIMEOUT)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        began = time.perf_counter()
        tasks = [
            asyncio.create_task(_user(client, n, page, tally, ramp * n / users, think))
            for n in range(users)
        ]
        done, pending = await asyncio.wait(tasks, timeout=RUN_DEADLINE)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        tally.wall = time.perf_counter() - began
        for task in done:
            if task.exception() is not None:
                tally.errors[f"client {type(task.exception()).__name__}"] += 1
    expected = users * (3 + PREVIEWS)
    missing = expected - tally.answered - sum(tally.errors.values())
    if missing > 0:
        tally.errors[f"not answered within {RUN_DEADLINE:g} s"] += missing
    return tally


# -- the service -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stopped:
    """How the service ended: seconds from SIGTERM to exit, its CPU seconds, its status."""

    seconds: float
    cpu: float
    returncode: int
    killed: bool


class Service:
    """``musforms serve`` as a child process on a free loopback port."""

    def __init__(self, folder: Path, workers: int, serve: Serve) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        argv = [*musforms_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        argv.append("--no-browser")
        if serve.workers:
            argv += ["--workers", str(workers)]
        env = dict(os.environ, MUSFORMS_RATE_LIMIT="0")
        if serve.config:
            config = folder / "load.toml"
            config.write_text("[serve]\nrate_limit = 0\n", encoding="utf-8")
            argv += ["--config", str(config)]
        self.argv = argv
        self._log: IO[bytes] = (folder / f"serve-{self.port}.log").open("w+b")
        self.process = subprocess.Popen(argv, stdout=self._log, stderr=self._log, env=env)
        self.ready_on = ""

    def log(self) -> str:
        """Return the end of what the service printed."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-800:]

    def wait_ready(self) -> None:
        """Wait for ``/healthz`` (or ``/`` before it existed) to answer 200."""
        deadline = time.monotonic() + START_TIMEOUT
        with httpx.Client(base_url=self.base, timeout=5) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"musforms serve exited at start: {self.log()}")
                try:
                    health = client.get("/healthz")
                    if health.status_code == 200:
                        self.ready_on = "/healthz"
                        return
                    if health.status_code == 404 and client.get("/").status_code == 200:
                        self.ready_on = "/ (no /healthz)"
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"musforms serve did not answer within {START_TIMEOUT:g} s")

    def stop(self) -> Stopped:
        """Send SIGTERM and wait (killing it after STOP_TIMEOUT); reap it with its CPU time."""
        began = time.perf_counter()
        killed = False
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        deadline = began + STOP_TIMEOUT
        while True:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline and not killed:
                self.process.kill()
                killed = True
            time.sleep(0.02)
        seconds = time.perf_counter() - began
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self._log.close()
        # The workers' time is in it too: uvicorn's supervisor waits for them.
        cpu = usage.ru_utime + usage.ru_stime
        return Stopped(seconds, cpu, self.process.returncode, killed)


# -- the case ----------------------------------------------------------------------------


def _costs(runs: int) -> dict[str, float]:
    """Return each request's median milliseconds in this process, one at a time (no network)."""
    from musforms.web.app import create_app

    async def measure() -> dict[str, float]:
        transport = httpx.ASGITransport(app=create_app())
        base = "http://127.0.0.1"
        async with httpx.AsyncClient(transport=transport, base_url=base) as client:
            page = Page.read((await client.get(f"/?preset={PRESET}")).text)
            tally = Tally()
            for user in range(runs + 1):  # the first user warms up: imports, caches
                one = Tally()
                await _user(client, user, page, one, 0.0, 0.0)
                if one.errors:
                    raise RuntimeError(f"in process: {dict(one.errors)}")
                if user:
                    for kind, values in one.seconds.items():
                        tally.seconds[kind] += values
        return {kind: statistics.median(tally.ms(kind)) for kind in tally.seconds}

    return asyncio.run(measure())


def _run(report: Report, folder: Path, serve: Serve, workers: int, users: int, how: str) -> Tally:
    """Start the service, warm it, drive ``users`` users, stop it; add the rows."""
    ramp, think = (RAMP, THINK) if how == "paced" else (0.0, 0.0)
    load = os.getloadavg()[0]
    service = Service(folder, workers, serve)
    try:
        service.wait_ready()
        page = Page.read(httpx.get(f"{service.base}/?preset={PRESET}", timeout=30).text)
        asyncio.run(_drive(service.base, page, 4 * workers, ramp=0.0, think=0.0))  # warm-up
        cpu_before = time.process_time()
        tally = asyncio.run(_drive(service.base, page, users, ramp=ramp, think=think))
        client_cpu = time.process_time() - cpu_before
    finally:
        log = service.log()
        stopped = service.stop()
    if tally.errors:  # say why, on stderr beside the table: the service's last words too
        where = f"  {workers} worker(s), {how}: errors"
        print(where, *tally.details[:5], sep="\n    ", file=sys.stderr)
        print("  the service's log ends:", log[-600:] or "(empty)", sep="\n", file=sys.stderr)
    label = f"{workers} worker{'s' if workers > 1 else ''}, {how}"
    errors = sum(tally.errors.values())
    detail = ", ".join(f"{k} x{v}" for k, v in tally.errors.most_common(4))
    report.row(
        "l",
        f"{label}: throughput",
        tally.answered / tally.wall if tally.wall else 0.0,
        "req/s",
        f"{tally.answered} answered in {tally.wall:.1f} s; {errors} errors"
        + (f", {tally.retried} sent again on a new connection" if tally.retried else "")
        + (f" ({detail})" if detail else "")
        + f"; load avg {load:.1f} before; ready on {service.ready_on}",
    )
    for name, kinds in (("preview", ("preview",)), ("download", ("docx", "xlsx"))):
        values = tally.ms(*kinds)
        report.row("l", f"{label}: {name} p50", percentile(values, 50), "ms", f"n={len(values)}")
        report.row("l", f"{label}: {name} p99", percentile(values, 99), "ms")
    page_ms = tally.ms("page")
    report.row(
        "l",
        f"{label}: service CPU",
        stopped.cpu,
        "s",
        f"{stopped.cpu / users * 1000:.0f} ms per user (start, warm-up included); "
        f"client {client_cpu:.1f} s; "
        f"page p50 {percentile(page_ms, 50):.0f} p99 {percentile(page_ms, 99):.0f} ms; "
        f"SIGTERM to exit {stopped.seconds:.1f} s" + (" (killed)" if stopped.killed else ""),
    )
    return tally


def load_case(report: Report, users: int, max_workers: int, paced: bool) -> None:
    """(l) ``users`` users against ``musforms serve`` with 1..``max_workers`` workers."""
    serve = Serve.detect()
    counts = list(range(1, max_workers + 1)) if serve.workers else [1]
    with tempfile.TemporaryDirectory(prefix="musforms-load-") as name:
        folder = Path(name)
        seen: dict[tuple[int, str], Tally] = {}
        costs = _costs(5)
        per_user = costs["page"] + PREVIEWS * costs["preview"] + costs["docx"] + costs["xlsx"]
        report.row(
            "l",
            "one request at a time, in process: preview",
            costs["preview"],
            "ms",
            f"page {costs['page']:.0f}, .docx {costs['docx']:.0f}, .xlsx {costs['xlsx']:.0f} ms;"
            f" per user {per_user:.0f} ms",
        )
        hows = ["burst", "paced"] if paced else ["burst"]
        for how in hows:
            for workers in counts:
                seen[(workers, how)] = _run(report, folder, serve, workers, users, how)
    if not serve.workers:
        report.skip(
            "l",
            f"2 workers: p99 preview under {PREVIEW_P99_MS:g} ms, no errors",
            "musforms serve has no --workers yet: measured with 1 worker only",
        )
    for how in hows:
        goal = (
            f"{how}, {users} users, 2 workers: p99 preview under {PREVIEW_P99_MS:g} ms, no errors"
        )
        tally = seen.get((2, how))
        if tally is None:
            if serve.workers:  # quick mode: one worker only
                report.target("l", goal, False, "quick mode runs 1 worker", scaled=True)
            continue
        p99 = percentile(tally.ms("preview"), 99)
        errors = sum(tally.errors.values())
        report.target(
            "l",
            goal,
            p99 < PREVIEW_P99_MS and errors == 0,
            f"p99 {p99:.0f} ms, {errors} errors",
            scaled=True,
        )
    errors = sum(sum(t.errors.values()) for t in seen.values())
    report.target(
        "l", "every request of every run answered correctly", errors == 0, f"{errors} errors"
    )
