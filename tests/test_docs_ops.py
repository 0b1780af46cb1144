"""The operations docs work as they say (docs/operations.md, docs/drift.md, docs/examples/).

O001: docs/examples/musforms.toml parses with tomllib and holds exactly the settings of
      the reference: the tables [serve] and [organisation] with their keys, nothing else.
O002: both pages' configuration reference lists exactly those settings, each with its
      environment variable (MUSFORMS_...), and names the example files.
O003: docs/examples/musforms.service parses as a unit file: User=musforms, the hardening
      the docs name, and ExecStart=/opt/musforms/bin/musforms serve --config
      /etc/musforms/musforms.toml.
O004: that ExecStart, with this environment's musforms and the example config (on a free
      port, with a test template and bank), starts the service: it answers on its allowed
      Host, refuses another, and ends on SIGTERM.
O005: the proxy examples put the login (auth_request / forward_auth) in front of every
      request but the health check, forward to the example config's port from an address
      it trusts, and take bodies as large as its max_request_bytes.
O006: every musforms command in the pages' sh blocks is accepted by the CLI.

The service work of issue 18 (items 1-3: --config, /healthz, the flags) is detected, so
that these tests also run on a checkout from before it (set REQUIRE_SERVICE to False there:
the parts that need it are skipped). With REQUIRE_SERVICE True, as on main since the
service was merged, a missing --config, flag or /healthz fails instead.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import click
import httpx
import pytest

from musforms.cli import cli

#: True since `musforms serve --config` (issue 18, items 1-3) is merged; see the docstring.
REQUIRE_SERVICE = True

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
PAGES = [DOCS / "operations.md", DOCS / "drift.md"]

#: The settings of the configuration reference, by table.
SETTINGS = {
    "serve": {
        "host",
        "port",
        "allowed_hosts",
        "root_path",
        "trusted_proxies",
        "workers",
        "max_request_bytes",
        "render_timeout",
        "max_renders",
        "rate_limit",
        "access_log",
        "open_browser",
    },
    "organisation": {"name", "template", "bank", "preset", "language", "theme"},
}
#: The environment variable of a setting where it is not MUSFORMS_<KEY>.
ENV_NAMES = {("organisation", "name"): "MUSFORMS_ORGANISATION"}
#: The unit's hardening, as the docs describe it.
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "RestrictSUIDSGID": "yes",
    "CapabilityBoundingSet": "",
}


def _serve_options() -> set[str]:
    command = cli.commands["serve"]
    return {o for param in command.params for o in (*param.opts, *param.secondary_opts)}


SERVICE = "--config" in _serve_options()
needs_service = pytest.mark.skipif(
    not SERVICE and not REQUIRE_SERVICE,
    reason="musforms serve has no --config yet (issue 18, items 1-3)",
)


def env_name(table: str, key: str) -> str:
    return ENV_NAMES.get((table, key), f"MUSFORMS_{key.upper()}")


def example_config() -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / "musforms.toml").read_text(encoding="utf-8"))


def unit() -> configparser.ConfigParser:
    """Read the unit file as systemd does, near enough: sections, keys, repeated keys allowed."""
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string((EXAMPLES / "musforms.service").read_text(encoding="utf-8"))
    return parser


# -- O001, O002: the configuration ---------------------------------------------------------


def test_the_example_config_has_exactly_the_documented_settings() -> None:  # O001
    config = example_config()
    assert set(config) == set(SETTINGS)
    for table, keys in SETTINGS.items():
        assert set(config[table]) == keys, table
    serve = config["serve"]
    assert isinstance(serve["port"], int) and isinstance(serve["workers"], int)
    assert all(isinstance(v, list) for v in (serve["allowed_hosts"], serve["trusted_proxies"]))
    assert isinstance(serve["render_timeout"], float) and isinstance(serve["access_log"], bool)


def _reference(page: Path) -> dict[str, str]:
    """Return the rows of a page's configuration tables: `table.key` -> the whole row."""
    rows: dict[str, str] = {}
    for line in page.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^\|\s*`(serve|organisation)\.([a-z_]+)`\s*\|", line)
        if found:
            rows[f"{found[1]}.{found[2]}"] = line
    return rows


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_reference_lists_every_setting_with_its_variable(page: Path) -> None:  # O002
    rows = _reference(page)
    expected = {f"{table}.{key}" for table, keys in SETTINGS.items() for key in keys}
    assert set(rows) == expected
    for name, row in rows.items():
        table, key = name.split(".")
        assert f"`{env_name(table, key)}`" in row, name
    text = page.read_text(encoding="utf-8")
    for example in ("musforms.toml", "musforms.service", "nginx.conf", "Caddyfile"):
        assert f"examples/{example}" in text, example


@needs_service
def test_the_documented_settings_are_the_services() -> None:  # O001, O002, after the service work
    from musforms.web import config

    assert set(config.SERVE_KEYS) == SETTINGS["serve"]
    assert set(config.ORGANISATION_KEYS) == SETTINGS["organisation"]
    for table, keys in SETTINGS.items():
        for key in keys:
            assert config.env_name(table, key) == env_name(table, key)  # type: ignore[arg-type]


@needs_service
def test_the_documented_flags_exist() -> None:  # O002, after the service work
    options = _serve_options()
    for page in PAGES:
        for name, row in _reference(page).items():
            for flag in re.findall(r"`(--[a-z-]+)`", row):
                assert flag in options, f"{page.name}: {name}: {flag}"


# -- O003, O004: the unit file -----------------------------------------------------------


def test_the_unit_file_runs_as_its_own_user_hardened() -> None:  # O003
    parsed = unit()
    assert {"Unit", "Service", "Install"} <= set(parsed.sections())
    service = parsed["Service"]
    assert service["User"] == "musforms"
    for key, value in HARDENING.items():
        assert service.get(key) == value, key
    assert shlex.split(service["ExecStart"]) == [
        "/opt/musforms/bin/musforms",
        "serve",
        "--config",
        "/etc/musforms/musforms.toml",
    ]
    assert parsed["Install"]["WantedBy"] == "multi-user.target"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _musforms() -> str:
    beside = Path(sys.executable).parent / "musforms"
    assert beside.is_file(), "the musforms command is not installed beside this Python"
    return str(beside)


def _test_config(folder: Path, port: int) -> Path:
    """Write the example config with a free port and a template and bank that exist here."""
    from docx import Document

    template = folder / "brevpapir.docx"
    letterhead = Document()
    letterhead.sections[0].header.paragraphs[0].text = "Eksempel Kommune"
    letterhead.save(str(template))
    text = (EXAMPLES / "musforms.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^port = \d+$", f"port = {port}", text)
    text = re.sub(r'(?m)^template = ".*"$', f"template = {str(template)!r}", text)
    text = re.sub(r'(?m)^bank = ".*"$', f"bank = {str(EXAMPLES / 'bank')!r}", text)
    config = folder / "musforms.toml"
    config.write_text(text, encoding="utf-8")
    changed = tomllib.loads(text)
    assert changed["serve"]["port"] == port
    assert changed["organisation"]["template"] == str(template)
    return config


def _ready(base: str, host: str, process: subprocess.Popen[bytes]) -> str:
    """Wait until the service answers; return the route that answered first."""
    deadline = time.monotonic() + 60  # a bound against a hang, not a speed check
    with httpx.Client(base_url=base, headers={"host": host}, timeout=10) as client:
        while time.monotonic() < deadline:
            assert process.poll() is None, "the service exited at start"
            try:
                health = client.get("/healthz")
            except httpx.HTTPError:
                time.sleep(0.1)
                continue
            if health.status_code == 200:
                assert health.json()["status"] == "ok"
                return "/healthz"
            assert health.status_code == 404, health.status_code
            assert not REQUIRE_SERVICE, "no /healthz"
            assert client.get("/").status_code == 200
            return "/"
    pytest.fail("the service did not answer within 60 s")


def test_the_unit_files_command_starts_the_service(
    tmp_path: Path, record_property: Any
) -> None:  # O004
    argv = shlex.split(unit()["Service"]["ExecStart"])
    argv[0] = _musforms()
    port = _free_port()
    if SERVICE or REQUIRE_SERVICE:
        argv[argv.index("--config") + 1] = str(_test_config(tmp_path, port))
        host = example_config()["serve"]["allowed_hosts"][0]
    else:  # before the service work: the command line without the config, on a free port
        at = argv.index("--config")
        argv[at : at + 2] = ["--port", str(port)]
        host = "127.0.0.1"
    record_property("command", shlex.join(argv))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUSFORMS_")}
    env["MUSFORMS_NO_CACHE"] = "1"  # as the unit file says
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=log, env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            record_property("ready_on", _ready(base, host, process))
            with httpx.Client(base_url=base, timeout=30) as client:
                page = client.get("/?preset=kommune", headers={"host": host})
                assert page.status_code == 200 and 'id="builder"' in page.text
                refused = client.get("/", headers={"host": "evil.example"})
                assert refused.status_code == 400
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)  # a bound against a hang
            except subprocess.TimeoutExpired:
                pytest.fail("the service did not end on SIGTERM")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode in {0, -signal.SIGTERM}, (tmp_path / "serve.log").read_text()


@needs_service
def test_the_service_has_a_health_check() -> None:  # O004, after the service work
    from musforms.web.app import create_app

    paths = {getattr(route, "path", None) for route in create_app().routes}
    assert "/healthz" in paths


# -- O005: the reverse proxies -----------------------------------------------------------


def _balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r"(?m)#.*$", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _megabytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)\s*([kKmM]?)B?", size).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def test_nginx_puts_the_login_in_front_and_forwards_to_the_config() -> None:  # O005
    text = (EXAMPLES / "nginx.conf").read_text(encoding="utf-8")
    serve = example_config()["serve"]
    assert _balanced(text)
    upstream = re.search(r"upstream musforms \{\s*server ([\d.]+):(\d+);", text)
    assert upstream is not None
    assert upstream[1] in serve["trusted_proxies"] or upstream[1] == serve["host"]
    assert int(upstream[2]) == serve["port"]
    assert "listen 443 ssl" in text and "ssl_certificate " in text
    main = text[text.index("location / {") :]
    assert "auth_request /oauth2/auth;" in main and "proxy_pass http://musforms;" in main
    for header in ("Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header} " in main, header
    # every route to musforms but the health check is behind the login
    for block in re.findall(r"location ([^{]+)\{([^}]*)\}", text):
        if "proxy_pass http://musforms" in block[1] and "auth_request" not in block[1]:
            assert block[0].strip() == "= /healthz" and "deny all" in block[1]
    size = re.search(r"client_max_body_size (\w+);", text)
    assert size is not None and _megabytes(size[1]) >= serve["max_request_bytes"]


def test_caddy_puts_the_login_in_front_and_forwards_to_the_config() -> None:  # O005
    text = (EXAMPLES / "Caddyfile").read_text(encoding="utf-8")
    serve = example_config()["serve"]
    assert _balanced(text)
    target = f"reverse_proxy {serve['host']}:{serve['port']}"
    main = text[text.rindex("\thandle {") :]
    assert "forward_auth" in main and target in main
    assert main.index("forward_auth") < main.index(target)
    size = re.search(r"max_size (\w+)", text)
    assert size is not None and _megabytes(size[1]) >= serve["max_request_bytes"]


# -- O006: the commands of the pages ------------------------------------------------------


def _commands(page: Path) -> list[list[str]]:
    """Return the musforms command lines of ``page``'s sh blocks, as argument lists."""
    found = []
    text = page.read_text(encoding="utf-8")
    for block in re.findall(r"(?ms)^```sh\n(.*?)^```", text):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            # `musforms CMD` or `/opt/musforms/bin/musforms CMD`; not `sudo -u musforms`
            for at, word in enumerate(words[:-1]):
                named = word == "musforms" or word.endswith("/bin/musforms")
                after_option = at > 0 and words[at - 1].startswith("-")
                if named and not after_option and not words[at + 1].startswith(("-", "/")):
                    found.append(words[at + 1 :])
                    break
    return found


def test_the_pages_show_the_serve_command() -> None:  # O006
    for page in PAGES:
        assert any(words[:1] == ["serve"] for words in _commands(page)), page.name


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_command_of_the_pages_is_accepted(page: Path, tmp_path: Path) -> None:  # O006
    config = str(_test_config(tmp_path, 8000)) if SERVICE or REQUIRE_SERVICE else ""
    for words in _commands(page):
        # The config the pages name, at its place on a server, is the example here.
        words = [config if w == "/etc/musforms/musforms.toml" else w for w in words]
        command = cli.get_command(click.Context(cli), words[0])
        assert command is not None, words
        if words[0] == "serve" and not (SERVICE or REQUIRE_SERVICE):
            continue  # its options come with the service work
        command.make_context(words[0], words[1:])
