"""`musforms serve`: the command that runs the web MUS-automat.

S001: binds 127.0.0.1:8000 by default and passes --host to the app's Host check.
S002: a port in use or a bad --bank folder is one line and exit 2.
S003: the browser opens only when asked and on a terminal (never under CliRunner).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from musforms.cli import cli

pytestmark = pytest.mark.skipif(
    "serve" not in cli.commands, reason="the serve command is not in cli.py yet"
)


@pytest.fixture()
def ran(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace uvicorn's server loop with a recorder, so that the command returns at once."""
    import uvicorn

    seen: dict[str, Any] = {}

    def run(self: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        seen["app"] = self.config.app
        seen["address"] = (
            sockets[0].getsockname() if sockets else (self.config.host, self.config.port)
        )

    monkeypatch.setattr(uvicorn.Server, "run", run)
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    seen["opened"] = opened
    return seen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_binds_loopback_and_prints_the_address(ran: dict[str, Any]) -> None:  # S001, S003
    port = free_port()
    result = CliRunner().invoke(cli, ["serve", "--port", str(port)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{port}/" in result.output
    assert ran["address"][0] == "127.0.0.1" and ran["address"][1] == port
    assert ran["opened"] == []  # CliRunner's output is not a terminal


def test_serve_passes_its_host_to_the_host_check(ran: dict[str, Any]) -> None:  # S001
    from starlette.testclient import TestClient

    port = free_port()
    result = CliRunner().invoke(cli, ["serve", "--host", "127.0.0.1", "--port", str(port)])
    assert result.exit_code == 0
    with TestClient(ran["app"], base_url="http://localhost") as client:
        assert client.get("/").status_code == 200
        assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_a_port_in_use_is_one_line_and_exit_2(ran: dict[str, Any]) -> None:  # S002
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1" in result.output and "--port" in result.output
    assert "Traceback" not in result.output


def test_a_missing_bank_folder_is_exit_2(ran: dict[str, Any], tmp_path: Path) -> None:  # S002
    result = CliRunner().invoke(cli, ["serve", "--bank", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such bank folder" in result.output


# -- as a process: a config file, SIGTERM, several workers ---------------------------------------
# S004: started from a config file, `musforms serve` answers /healthz and its allowed Host only
# S005: SIGTERM under load: the requests in flight are answered whole, the process ends in 10 s
# S006: workers = 2 runs two worker processes that serve the same socket

MUSFORMS = [sys.executable, "-c", "from musforms.cli import main; main()"]


def start(tmp_path: Path, config: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    path = tmp_path / "musforms.toml"
    path.write_text(f"[serve]\nport = {port}\nrate_limit = 0\n{config}", encoding="utf-8")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*MUSFORMS, "serve", "--config", str(path)], stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url, log
        except httpx.HTTPError:
            time.sleep(0.05)
        if process.poll() is not None:
            break
    process.kill()
    raise AssertionError(log.read_text("utf-8", "replace"))


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(10)


def test_a_service_from_a_config_file_answers_its_names_only(tmp_path: Path) -> None:  # S004
    process, url, _ = start(tmp_path, 'allowed_hosts = ["mus.kommune.local"]\n')
    try:
        assert httpx.get(f"{url}/").status_code == 200  # loopback: its own names count too
        assert httpx.get(f"{url}/", headers={"host": "mus.kommune.local"}).status_code == 200
        assert httpx.get(f"{url}/", headers={"host": "evil.example"}).status_code == 400
        health = httpx.get(f"{url}/healthz").json()
        assert health["status"] == "ok"
    finally:
        stop(process)


@pytest.mark.slow
def test_sigterm_under_load_finishes_in_flight_requests_and_ends(tmp_path: Path) -> None:  # S005
    process, url, log = start(tmp_path, "")
    fields = {"title": "MUS 2027", "organisation": "K", "year": "2027", "language": "da"}
    fields |= {"q": ["trivsel.giver_energi", "trivsel.mening"], "format": "xlsx"}
    answered: list[int] = []
    refused: list[str] = []
    running = threading.Event()
    running.set()

    def user() -> None:
        with httpx.Client(timeout=30) as client:
            while running.is_set():
                try:
                    response = client.post(f"{url}/download", data=fields)
                except httpx.HTTPError as exc:
                    refused.append(type(exc).__name__)  # after the socket closed: expected
                    return
                answered.append(response.status_code)
                assert response.status_code != 200 or response.content[:2] == b"PK"

    users = [threading.Thread(target=user) for _ in range(8)]
    for thread in users:
        thread.start()
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    began = time.monotonic()
    try:
        code = process.wait(15)
    finally:
        stop(process)
    ended = time.monotonic() - began
    print(f"SIGTERM to exit under load: {ended:.2f} s, {len(answered)} downloads answered")
    running.clear()
    for thread in users:
        thread.join(30)
    assert answered and set(answered) == {200}, (set(answered), log.read_text("utf-8"))
    # The bound (10 s) for a process under load; a generous one for this check.
    assert ended < 10, f"the process took {ended:.1f} s to end after SIGTERM"
    # uvicorn ends by raising the signal again once it has shut down cleanly, so the status
    # says "stopped by SIGTERM" (which systemd counts as a clean stop).
    assert code in {0, -signal.SIGTERM}, log.read_text("utf-8")
    assert "Traceback" not in log.read_text("utf-8")


@pytest.mark.slow
def test_two_workers_serve_the_same_socket(tmp_path: Path) -> None:  # S006
    process, url, log = start(tmp_path, "workers = 2\naccess_log = true\n")
    try:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        workers = children.read_text().split() if children.exists() else []
        for _ in range(40):
            with httpx.Client() as client:  # a new connection each time
                assert (
                    client.post(f"{url}/preview", data={"q": "trivsel.mening"}).status_code == 200
                )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(15)
        stop(process)
    pids = {
        json.loads(line)["pid"]
        for line in log.read_text("utf-8").splitlines()
        if line.startswith("{")
    }
    assert len(workers) >= 2 or not children.exists(), workers
    assert pids and pids <= {int(p) for p in workers} | {process.pid}, (pids, workers)


def test_a_broken_word_template_is_refused_before_listening(
    ran: dict[str, Any], tmp_path: Path
) -> None:  # S002
    template = tmp_path / "brevpapir.docx"
    template.write_bytes(b"not a zip at all")
    result = CliRunner().invoke(cli, ["serve", "--template", str(template), "--no-browser"])
    assert result.exit_code == 2, result.output
    assert "brevpapir.docx" in result.output and "Traceback" not in result.output
    assert "app" not in ran  # the server never started
