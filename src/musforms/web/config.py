"""The settings of ``musforms serve``: one model, read from a TOML file, the environment and flags.

IT runs the MUS-automat as a service from a file such as::

    [serve]
    host = "0.0.0.0"
    allowed_hosts = ["mus.kommune.local"]
    root_path = "/mus"
    trusted_proxies = ["10.0.0.5"]

    [organisation]
    name = "Eksempel Kommune"
    template = "brevpapir.docx"

Every setting is also an environment variable ``MUSFORMS_<NAME>`` (upper
case: ``MUSFORMS_PORT``; the organisation's name is ``MUSFORMS_ORGANISATION``)
and most are flags of ``musforms serve``. A flag beats the environment, the
environment beats the file, the file beats the default.

Why so strict: a service that starts with a typo in its configuration
(``alowed_hosts``) runs with a default nobody chose. So every value is
checked before the server binds, an unknown key is refused with the nearest
known one, and each message names where the value came from: the file and
line, the environment variable or the flag.

The layout of PRODUCT.md (the server's keys at the top of the file, the
organisation's under ``[defaults]``, its name as ``organisation``) is read too.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from musforms._files import read_limited
from musforms.errors import ConfigError

__all__ = [
    "ENV_PREFIX",
    "ORGANISATION_KEYS",
    "SERVE_KEYS",
    "Organisation",
    "Serve",
    "Settings",
    "is_loopback",
    "load_settings",
]

#: The prefix of every environment variable of the service.
ENV_PREFIX = "MUSFORMS_"
#: The largest configuration file read (a real one is a few hundred bytes).
MAX_CONFIG_BYTES = 100_000
#: The largest request body the service can be told to accept: an over-size upload is read
#: (and dropped) up to 64 MB to answer it on the page, so the limit stays well below that.
MAX_REQUEST_LIMIT = 50_000_000

_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,62})"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*\.?$")
_ROOT_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` (an address or name to bind) reaches this machine only."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _no_bool(value: Any) -> Any:
    # pydantic turns true into 1 in lax mode; "port = true" is a mistake, not port 1.
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    return value


def _host_value(value: str) -> str:
    name = value.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        pass
    if not _HOST_NAME.match(name):
        raise ValueError(
            f"'{value}' is not a host name or an IP address (give the name alone, such as "
            "mus.kommune.local: no scheme, port or path)"
        )
    return name.rstrip(".")


class Serve(BaseModel):
    """How the server listens, whom it believes and how much it takes ([serve])."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    allowed_hosts: tuple[str, ...] = ()
    root_path: str = ""
    trusted_proxies: tuple[str, ...] = ()
    workers: int = Field(1, ge=1, le=64)
    max_request_bytes: int = Field(2_000_000, ge=10_000, le=MAX_REQUEST_LIMIT)
    render_timeout: float = Field(10.0, gt=0, le=300)
    max_renders: int = Field(2, ge=1, le=64)
    rate_limit: int = Field(120, ge=0, le=1_000_000)
    access_log: bool = False
    open_browser: bool | None = None

    _numbers = field_validator(
        "port", "workers", "max_request_bytes", "render_timeout", "max_renders", "rate_limit",
        mode="before",
    )(_no_bool)  # fmt: skip

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if value.strip() in {"0.0.0.0", "::", ""}:
            return value.strip() or "0.0.0.0"
        return _host_value(value)

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _allowed_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("allowed_hosts")
    @classmethod
    def _allowed(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if "*" in value:
            raise ValueError(
                "'*' would answer to any name, which is what allowed_hosts guards against; "
                "list the names the service is reached by"
            )
        return tuple(dict.fromkeys(_host_value(name) for name in value))

    @field_validator("root_path")
    @classmethod
    def _root(cls, value: str) -> str:
        path = value.strip().rstrip("/")
        if path and (not _ROOT_PATH.match(path) or "/../" in f"{path}/" or "/./" in f"{path}/"):
            raise ValueError(
                f"'{value}' is not a path such as /mus (it starts with /, and holds only "
                "letters, digits, '-', '_', '.' and '/')"
            )
        return path

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        networks = []
        for item in value:
            try:
                networks.append(str(ipaddress.ip_network(item.strip(), strict=False)))
            except ValueError:
                raise ValueError(
                    f"'{item}' is not an IP address or network (such as 10.0.0.5 or 10.0.0.0/24)"
                ) from None
        return tuple(networks)

    @model_validator(mode="after")
    def _network_needs_names(self) -> Serve:
        if not is_loopback(self.host) and not self.allowed_hosts:
            raise _SettingProblem("host", "config.needs_allowed_hosts", {"host": self.host})
        if self.open_browser and not is_loopback(self.host):
            raise _SettingProblem("open_browser", "config.browser_not_local", {"host": self.host})
        return self

    @property
    def loopback(self) -> bool:
        """Tell whether the server listens on this machine only."""
        return is_loopback(self.host)

    def host_names(self) -> frozenset[str]:
        """Return the Host names requests may carry: ``allowed_hosts`` (+ loopback's own)."""
        names = set(self.allowed_hosts)
        if self.loopback:
            names |= {"localhost", "127.0.0.1", "::1", self.host.strip("[]").lower()}
        return frozenset(names)


class Organisation(BaseModel):
    """The organisation's defaults for the page ([organisation]); ``None`` means musforms' own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(None, min_length=1, max_length=200)
    template: Path | None = None
    bank: Path | None = None
    preset: str | None = None
    language: Literal["da", "en"] | None = None
    theme: str | None = Field(None, min_length=1, max_length=200)

    @field_validator("name", "theme")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        if value is not None and _CONTROL.search(value):
            raise ValueError("must be one line of text, with no control characters")
        return value.strip() if value is not None else None

    @field_validator("template")
    @classmethod
    def _template(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        if value.suffix.lower() not in {".docx", ".dotx"}:
            raise ValueError(f"'{value}' is not a Word file (.docx or .dotx)")
        if not value.is_file():
            raise ValueError(f"'{value}' is not a file here. Check the path")
        return value.resolve()

    @field_validator("bank")
    @classmethod
    def _bank(cls, value: Path | None) -> Path | None:
        # Whether it is a bank folder is the bank loader's to say, with every problem located.
        return value.resolve() if value is not None else None

    @field_validator("preset")
    @classmethod
    def _preset(cls, value: str | None) -> str | None:
        from musforms._presets import PRESET_NAMES

        if value is not None and value not in PRESET_NAMES:
            near = difflib.get_close_matches(value, PRESET_NAMES, n=1)
            hint = f" Did you mean '{near[0]}'?" if near else ""
            raise ValueError(
                f"'{value}' is not a ready form ({', '.join(PRESET_NAMES)}).{hint}".rstrip(".")
            )
        return value


class Settings(BaseModel):
    """Everything ``musforms serve`` was told: the server's settings and the organisation's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    serve: Serve = Field(default_factory=Serve)
    organisation: Organisation = Field(default_factory=Organisation)
    #: The configuration file read, if any (for the messages and the browser default).
    config_file: Path | None = None


#: The keys of each table, as the file, the environment and the flags name them.
SERVE_KEYS: tuple[str, ...] = tuple(Serve.model_fields)
ORGANISATION_KEYS: tuple[str, ...] = tuple(Organisation.model_fields)
_TABLES = {"serve": SERVE_KEYS, "organisation": ORGANISATION_KEYS}
#: PRODUCT.md's names for the organisation's table and keys.
_DEFAULTS_TABLE = {"organisation": "name"} | {k: k for k in ORGANISATION_KEYS if k != "name"}
_LISTS = {"allowed_hosts", "trusted_proxies"}
_BOOLS = {"access_log", "open_browser"}


class _SettingProblem(ValueError):
    """Raised inside the model for a problem that has its own code (not a plain value error)."""

    def __init__(self, key: str, code: str, params: Mapping[str, Any]) -> None:
        super().__init__(code)
        self.key = key
        self.code = code
        self.params = dict(params)


@dataclass(frozen=True)
class _Origin:
    """Where a value came from, for messages: ``musforms.toml:4``, ``MUSFORMS_PORT``, ``--port``."""

    label: str
    file: Path | None = None
    line: int | None = None


@dataclass
class _Value:
    value: Any
    origin: _Origin


Table = Literal["serve", "organisation"]


def load_settings(
    config: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    flags: Mapping[tuple[Table, str], tuple[Any, str]] | None = None,
) -> Settings:
    """Return the settings from ``config`` (a TOML file), ``env`` and ``flags``, checked.

    Args:
        config: the TOML file; ``None`` means none (defaults, environment and flags).
        env: the environment (``os.environ``); only ``MUSFORMS_*`` names of settings count.
        flags: ``(table, key) -> (value, flag name)`` for each flag given.

    Raises:
        ConfigError: the first bad setting, placed in the file and line, or named
            by its environment variable or flag.
    """
    values: dict[tuple[Table, str], _Value] = {}
    if config is not None:
        values.update(_from_file(config))
    values.update(_from_env(env or {}))
    for (table, key), (value, flag) in (flags or {}).items():
        if value is not None:
            values[(table, key)] = _Value(value, _Origin(flag))
    base = config.parent if config is not None else Path.cwd()
    tables: dict[str, dict[str, Any]] = {"serve": {}, "organisation": {}}
    for (table, key), item in values.items():
        value = item.value
        is_path = table == "organisation" and key in {"template", "bank"}
        if is_path and isinstance(value, str | Path):
            path = Path(value).expanduser()
            # Paths in the file are relative to the file, as in a systemd unit's WorkingDirectory.
            value = path if path.is_absolute() or item.origin.file is None else base / path
        tables[table][key] = value
    try:
        serve = Serve.model_validate(tables["serve"])
    except ValidationError as exc:
        raise _located(exc, values, "serve") from None
    try:
        organisation = Organisation.model_validate(tables["organisation"])
    except ValidationError as exc:
        raise _located(exc, values, "organisation") from None
    return Settings(serve=serve, organisation=organisation, config_file=config)


def _located(
    exc: ValidationError, values: Mapping[tuple[Table, str], _Value], table: Table
) -> ConfigError:
    """Return pydantic's first problem as a ConfigError placed where the value came from."""
    first = exc.errors(include_url=False)[0]
    cause = first.get("ctx", {}).get("error")
    key = str(first["loc"][0]) if first["loc"] else ""
    code, params = "config.bad_value", {}
    if isinstance(cause, _SettingProblem):
        key, code, params = cause.key, cause.code, cause.params
    item = values.get((table, key))
    origin = item.origin if item is not None else _Origin(f"[{table}] {key}")
    if code == "config.bad_value":
        message = str(cause) if isinstance(cause, ValueError) else first["msg"]
        message = message.removeprefix("Value error, ")
        params = {"setting": origin.label, "problem": message[:1].lower() + message[1:]}
    else:
        params = {"setting": origin.label, **params}
    return ConfigError(code=code, params=params, file=origin.file, line=origin.line)


# -- the file -------------------------------------------------------------------------


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


def _from_file(path: Path) -> dict[tuple[Table, str], _Value]:
    data = read_limited(path, MAX_CONFIG_BYTES, ConfigError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(code="file.not_text", file=path) from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        problem = _TOML_LINE.sub("", str(exc)).strip()
        raise ConfigError(
            code="config.bad_toml",
            params={"problem": problem},
            file=path,
            line=int(found.group(1)) if found else None,
        ) from None
    lines = _KeyLines(text)
    values: dict[tuple[Table, str], _Value] = {}

    def put(table: Table, key: str, value: Any, where: str | None) -> None:
        line = lines.find(where, key)
        label = f"[{where}] {key}" if where else key
        if (table, key) in values:
            raise ConfigError(
                code="config.twice",
                params={"setting": label, "other": values[(table, key)].origin.label},
                file=path,
                line=line,
            )
        values[(table, key)] = _Value(value, _Origin(label, path, line))

    for name, value in parsed.items():
        if name in _TABLES and isinstance(value, dict):
            for key, item in value.items():
                if key not in _TABLES[name]:
                    _unknown(path, lines, name, key, _TABLES[name])
                put(name, key, item, name)  # type: ignore[arg-type]
        elif name == "defaults" and isinstance(value, dict):
            for key, item in value.items():
                if key not in _DEFAULTS_TABLE:
                    _unknown(path, lines, "defaults", key, tuple(_DEFAULTS_TABLE))
                put("organisation", _DEFAULTS_TABLE[key], item, "defaults")
        elif name in SERVE_KEYS:
            put("serve", name, value, None)
        elif name in _TABLES or name == "defaults":
            raise ConfigError(
                code="config.bad_value",
                params={"setting": name, "problem": f"must be a table: a line [{name}]"},
                file=path,
                line=lines.find(None, name),
            )
        elif isinstance(value, dict):
            raise ConfigError(
                code="config.unknown_table",
                params={"table": name, "hint": _nearest(name, tuple(_TABLES))},
                file=path,
                line=lines.table(name),
            )
        else:
            _unknown(path, lines, None, name, (*SERVE_KEYS, *_TABLES))
    return values


def _nearest(word: str, known: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return near[0] if near else ""


def _unknown(
    path: Path, lines: _KeyLines, table: str | None, key: str, known: tuple[str, ...]
) -> None:
    raise ConfigError(
        code="config.unknown_key",
        params={
            "key": key,
            "table": f"[{table}]" if table else "the top of the file",
            "hint": _nearest(key, known),
        },
        file=path,
        line=lines.find(table, key),
    )


class _KeyLines:
    """Finds the line of a key in TOML text (tomllib gives values, not lines)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def table(self, name: str) -> int | None:
        """Return the line of the header ``[name]``."""
        for number, line in enumerate(self.lines, 1):
            found = _TABLE_HEADER.match(line)
            if found and found.group(1).strip("\"' ") == name:
                return number
        return None

    def find(self, table: str | None, key: str) -> int | None:
        """Return the line where ``key`` is set in ``table`` (``None``: the top of the file)."""
        current: str | None = None
        quoted_key = rf"[\"']?{re.escape(key)}[\"']?\s*="
        assign = re.compile(rf"^\s*{quoted_key}")
        dotted = re.compile(rf"^\s*{re.escape(table or '')}\s*\.\s*{quoted_key}")
        for number, line in enumerate(self.lines, 1):
            header = _TABLE_HEADER.match(line)
            if header:
                current = header.group(1).strip("\"' ")
                continue
            if current == table and assign.match(line):
                return number
            if table and current is None and dotted.match(line):
                return number
        return None


# -- the environment ----------------------------------------------------------------------


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_name(table: Table, key: str) -> str:
    """Return a setting's environment variable: ``MUSFORMS_PORT``, ``MUSFORMS_ORGANISATION``."""
    if table == "organisation" and key == "name":
        return f"{ENV_PREFIX}ORGANISATION"
    return f"{ENV_PREFIX}{key.upper()}"


def _from_env(env: Mapping[str, str]) -> dict[tuple[Table, str], _Value]:
    values: dict[tuple[Table, str], _Value] = {}
    for table, keys in _TABLES.items():
        for key in keys:
            name = env_name(table, key)  # type: ignore[arg-type]
            raw = env.get(name)
            if raw is None:
                continue
            parse = _ENV_PARSERS.get(key, str.strip)
            try:
                value = parse(raw)
            except ValueError as exc:
                raise ConfigError(
                    code="config.bad_value", params={"setting": name, "problem": str(exc)}
                ) from None
            values[(table, key)] = _Value(value, _Origin(name))  # type: ignore[index]
    return values


def _env_list(raw: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", raw) if part]


def _env_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"'{raw}' is not true or false (write 1 or 0, true or false)")


_ENV_PARSERS: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(_LISTS, _env_list),
    **dict.fromkeys(_BOOLS, _env_bool),
}
