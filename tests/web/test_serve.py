"""`musforms serve`: the command that runs the web MUS-automat.

S001: binds 127.0.0.1:8000 by default and passes --host to the app's Host check.
S002: a port in use or a bad --bank folder is one line and exit 2.
S003: the browser opens only when asked and on a terminal (never under CliRunner).
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

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
