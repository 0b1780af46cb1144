"""The settings of `musforms serve`: a TOML file, the environment and flags, checked at start.

C001 without a file, the defaults: this machine only, port 8000, one worker
C002 a flag beats the environment, which beats the file, which beats the default
C003 a bad value in the file is refused with the file and the line of its key
C004 an unknown key or table is refused with the nearest known name
C005 a bad value from the environment or a flag names the variable or the flag
C006 a host other than loopback needs allowed_hosts; a browser opens only on loopback
C007 PRODUCT.md's layout (top-level keys, [defaults]) means the same
C008 paths in the file are relative to the file
C009 the CLI turns a bad configuration into one line and exit 2
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musforms.cli import cli
from musforms.errors import ConfigError
from musforms.web.config import load_settings


def write(tmp_path: Path, text: str, name: str = "musforms.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_file_the_defaults_serve_this_machine_only() -> None:  # C001
    got = load_settings(env={})
    assert got.serve.host == "127.0.0.1" and got.serve.port == 8000
    assert got.serve.workers == 1 and got.serve.loopback
    assert got.serve.rate_limit == 120 and got.serve.max_renders == 2
    assert got.serve.render_timeout == 10.0 and got.serve.max_request_bytes == 2_000_000
    assert {"localhost", "127.0.0.1"} <= got.serve.host_names()


def test_flag_beats_environment_beats_file_beats_default(tmp_path: Path) -> None:  # C002
    path = write(tmp_path, "[serve]\nport = 8001\nworkers = 2\nrate_limit = 7\n")
    env = {"MUSFORMS_PORT": "8002", "MUSFORMS_WORKERS": "3"}
    got = load_settings(path, env=env, flags={("serve", "port"): (8003, "--port")})
    assert got.serve.port == 8003  # the flag
    assert got.serve.workers == 3  # the environment
    assert got.serve.rate_limit == 7  # the file
    assert got.serve.max_renders == 2  # the default


def test_lists_and_booleans_from_the_environment() -> None:  # C002
    env = {
        "MUSFORMS_HOST": "0.0.0.0",
        "MUSFORMS_ALLOWED_HOSTS": "mus.kommune.local, MUS2.kommune.local",
        "MUSFORMS_TRUSTED_PROXIES": "10.0.0.5 10.1.0.0/16",
        "MUSFORMS_ACCESS_LOG": "yes",
        "MUSFORMS_ORGANISATION": "Varde Kommune",
        "MUSFORMS_PASSWORD": "not ours: ignored",
    }
    got = load_settings(env=env)
    assert got.serve.allowed_hosts == ("mus.kommune.local", "mus2.kommune.local")
    assert got.serve.trusted_proxies == ("10.0.0.5/32", "10.1.0.0/16")
    assert got.serve.access_log is True
    assert got.organisation.name == "Varde Kommune"


#: (key, a bad value as TOML) for every setting of [serve].
BAD_SERVE = {
    "port": st.sampled_from(["0", "70000", '"otte"', "true", "8000.5", "-1"]),
    "workers": st.sampled_from(["0", "65", '"2"x', "false"]),
    "max_request_bytes": st.sampled_from(["5", "100000000000", '"stor"']),
    "render_timeout": st.sampled_from(["0", "-3", "1000", '"lang"']),
    "max_renders": st.sampled_from(["0", "1000", "[]"]),
    "rate_limit": st.sampled_from(["-1", '"mange"', "1.5e9"]),
    "access_log": st.sampled_from(['"måske"', "2", "[]"]),
    "open_browser": st.sampled_from(['"ja"', "3"]),
    "host": st.sampled_from(['"mus kommune"', '"http://x"', "8000", '"a/b"']),
    "allowed_hosts": st.sampled_from(['["*"]', '["http://mus.local"]', '["a b"]', "3"]),
    "root_path": st.sampled_from(['"mus"', '"/mus/../x"', '"/mus?x"', "1"]),
    "trusted_proxies": st.sampled_from(['["proxy.local"]', '["10.0.0.300"]', "true"]),
}
BAD_ORGANISATION = {
    "name": st.sampled_from(['""', '"a\\nb"', "7"]),
    "template": st.sampled_from(['"brev.txt"', '"findes-ikke.docx"']),
    "preset": st.sampled_from(['"standrad"', '"nope"', "1"]),
    "language": st.sampled_from(['"de"', '"DA"', "1"]),
    "theme": st.sampled_from(['""', "[]"]),
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.data(),
    table=st.sampled_from(["serve", "organisation"]),
    padding=st.integers(0, 4),
)
def test_a_bad_value_names_the_file_and_the_line_of_its_key(
    tmp_path: Path, data: st.DataObject, table: str, padding: int
) -> None:  # C003
    bad = BAD_SERVE if table == "serve" else BAD_ORGANISATION
    key = data.draw(st.sampled_from(sorted(bad)))
    value = data.draw(bad[key])
    other = "[organisation]\nname = 'K'\n" if table == "serve" else "[serve]\nport = 8001\n"
    text = f"# musforms\n{other}\n" + "\n" * padding + f"[{table}]\n{key} = {value}\n"
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    error = caught.value
    assert error.code.startswith("config."), error
    assert error.file == path
    assert error.line == text.splitlines().index(f"{key} = {value}") + 1, str(error)
    assert f"[{table}] {key}" in str(error)
    assert "Traceback" not in str(error) and "pydantic" not in str(error)
    assert error.message_in("da")  # the catalogue has the Danish words


def test_bad_toml_names_its_line(tmp_path: Path) -> None:  # C003
    path = write(tmp_path, '[serve]\nport = 8000\nhost = "127.0.0.1\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert caught.value.code == "config.bad_toml" and caught.value.line == 3


@pytest.mark.parametrize(
    ("text", "code", "line", "hint"),
    [
        ("[serve]\nport = 8000\nalowed_hosts = ['x']\n", "config.unknown_key", 3, "allowed_hosts"),
        ("[organisation]\nlogo = 'x.png'\n", "config.unknown_key", 2, ""),
        ("[organisation]\nnmae = 'K'\n", "config.unknown_key", 2, "name"),
        ("[serv]\nport = 1\n", "config.unknown_table", 1, "serve"),
        ("prot = 8000\n", "config.unknown_key", 1, "port"),
    ],
    ids=["typo", "no-such-key", "organisation-typo", "table-typo", "top-level-typo"],
)
def test_an_unknown_key_or_table_is_refused_with_the_nearest_name(
    tmp_path: Path, text: str, code: str, line: int, hint: str
) -> None:  # C004
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert caught.value.code == code and caught.value.line == line
    assert caught.value.params["hint"] == hint
    if hint:
        assert f"Did you mean '{hint}'?" in str(caught.value)


@pytest.mark.parametrize(
    ("env", "flags", "named"),
    [
        ({"MUSFORMS_PORT": "otte"}, {}, "MUSFORMS_PORT"),
        ({"MUSFORMS_ACCESS_LOG": "måske"}, {}, "MUSFORMS_ACCESS_LOG"),
        ({"MUSFORMS_RENDER_TIMEOUT": "0"}, {}, "MUSFORMS_RENDER_TIMEOUT"),
        ({}, {("serve", "port"): (0, "--port")}, "--port"),
        ({}, {("serve", "root_path"): ("mus", "--root-path")}, "--root-path"),
        ({}, {("organisation", "preset"): ("standrad", "--preset")}, "--preset"),
    ],
)
def test_a_bad_value_from_the_environment_or_a_flag_names_it(
    env: dict[str, str], flags: dict[Any, Any], named: str
) -> None:  # C005
    with pytest.raises(ConfigError) as caught:
        load_settings(env=env, flags=flags)
    assert str(caught.value).startswith(f"{named}: "), str(caught.value)


def test_the_network_needs_allowed_hosts(tmp_path: Path) -> None:  # C006
    path = write(tmp_path, '[serve]\nport = 8000\nhost = "0.0.0.0"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert caught.value.code == "config.needs_allowed_hosts" and caught.value.line == 3
    assert "allowed_hosts" in str(caught.value)
    got = load_settings(path, env={"MUSFORMS_ALLOWED_HOSTS": "mus.kommune.local"})
    assert got.serve.host_names() == {"mus.kommune.local"}  # no loopback names on a network


def test_a_browser_opens_only_on_this_machine() -> None:  # C006
    flags = {
        ("serve", "host"): ("10.0.0.2", "--host"),
        ("serve", "allowed_hosts"): (["mus.local"], "--allowed-host"),
        ("serve", "open_browser"): (True, "--open-browser"),
    }
    with pytest.raises(ConfigError) as caught:
        load_settings(env={}, flags=flags)
    assert caught.value.code == "config.browser_not_local"


def test_the_product_layout_means_the_same(tmp_path: Path) -> None:  # C007
    path = write(
        tmp_path,
        'host = "0.0.0.0"\nallowed_hosts = ["mus.kommune.local"]\nroot_path = "/mus/"\n'
        '[defaults]\norganisation = "Varde Kommune"\npreset = "kommune"\nlanguage = "en"\n',
    )
    got = load_settings(path, env={})
    assert got.serve.root_path == "/mus" and got.serve.allowed_hosts == ("mus.kommune.local",)
    assert got.organisation.name == "Varde Kommune" and got.organisation.preset == "kommune"
    assert got.organisation.language == "en"


def test_a_setting_given_twice_in_the_file_is_refused(tmp_path: Path) -> None:  # C007
    path = write(tmp_path, "port = 8001\n[serve]\nport = 8002\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert caught.value.code == "config.twice" and caught.value.line == 3


def test_paths_in_the_file_are_relative_to_it(tmp_path: Path) -> None:  # C008
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "brev.docx").write_bytes(b"PK")
    path = write(folder, '[organisation]\ntemplate = "brev.docx"\nbank = "bank"\n')
    got = load_settings(path, env={})
    assert got.organisation.template == (folder / "brev.docx").resolve()
    assert got.organisation.bank == (folder / "bank").resolve()


def test_the_cli_refuses_a_bad_config_with_one_line_and_exit_2(tmp_path: Path) -> None:  # C009
    path = write(tmp_path, "[serve]\nport = 8000\nworkers = 0\n")
    result = CliRunner().invoke(cli, ["serve", "--config", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3: [serve] workers: input should be greater than or equal to 1" in result.output
    assert "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["serve", "--config", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "no such file" in missing.output
