"""Starting the web MUS-automat: settings checked, the port bound, then uvicorn.

Everything that can be wrong is found before the server listens: the
settings (:mod:`musforms.web.config`), the organisation's bank folder (loaded
whole, every problem located) and Word template (a form is written with it
once), and the address (bound here, so that a port in use is one line and
exit 2, not a uvicorn log).

One worker runs the app in this process. Several (``workers = 2``) run under
uvicorn's own supervisor: each is a new process that imports
:func:`create_app_from_env` by name, and the settings, checked once here,
travel to it in the environment variable :data:`SETTINGS_ENV`. The service
keeps no state between requests, so any worker (or machine) may answer any
request.

SIGTERM (systemd's stop, a container's) is uvicorn's graceful shutdown:
the socket stops accepting, requests in flight finish, and after
:data:`GRACE_SECONDS` whatever is left is cancelled, so the process ends
within 10 s even under load.
"""

from __future__ import annotations

import io
import os
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from typing import TYPE_CHECKING

from musforms.errors import MusformsError, RenderError
from musforms.web.config import Settings

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from musforms.bank.questionbank import QuestionBank

__all__ = ["GRACE_SECONDS", "SETTINGS_ENV", "create_app_from_env", "prepare", "run"]

#: The environment variable that hands the checked settings to each worker process.
SETTINGS_ENV = "MUSFORMS_SERVE_SETTINGS"
#: How long requests in flight may take to finish after SIGTERM (uvicorn then cancels them;
#: the process ends a moment later, well within 10 s).
GRACE_SECONDS = 7


def create_app_from_env() -> Starlette:
    """Return the app of the settings in :data:`SETTINGS_ENV` (uvicorn's factory for workers)."""
    from musforms.web.app import create_app

    raw = os.environ.get(SETTINGS_ENV)
    settings = Settings.model_validate_json(raw) if raw else Settings()
    return create_app(settings=settings)


def prepare(settings: Settings) -> QuestionBank:
    """Return the bank the service offers, after checking the organisation's files.

    Raises:
        BankError: the bank folder has a problem (the first, located).
        RenderError: the Word template cannot be used.
    """
    from musforms.bank.load import load_bank

    bank = load_bank(settings.organisation.bank)
    template = settings.organisation.template
    if template is not None:
        from musforms._presets import preset
        from musforms.form import build_form

        form = build_form(preset(settings.organisation.preset or "standard"), bank)
        try:
            form.to_docx(io.BytesIO(), template=template)
        except MusformsError:
            raise
        except Exception as exc:  # a file python-docx cannot open is the template's fault
            raise RenderError(
                f"the Word template cannot be used ({exc.__class__.__name__}). Save it again "
                "from Word as a .docx",
                fmt="docx",
                file=template,
            ) from None
    return bank


def bind(host: str, port: int) -> socket.socket:
    """Return a socket bound to ``host:port``.

    Raises:
        MusformsError: ``cli.cannot_listen`` (no such address, or the port is in use).
    """
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except OSError as exc:
        raise MusformsError(
            code="cli.cannot_listen",
            params={"host": host, "port": port, "why": exc.strerror, "hint": "Check --host"},
        ) from None
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise MusformsError(
            code="cli.cannot_listen",
            params={
                "host": host,
                "port": port,
                "why": exc.strerror,
                "hint": "Choose another --port",
            },
        ) from None
    return sock


def address(settings: Settings) -> str:
    """Return the address people open: the first allowed name on a network, else the host."""
    serve = settings.serve
    if serve.loopback or not serve.allowed_hosts:
        shown = "127.0.0.1" if serve.host in {"0.0.0.0", "::"} else serve.host
    else:
        shown = serve.allowed_hosts[0]
    name = f"[{shown}]" if ":" in shown else shown
    return f"http://{name}:{serve.port}{serve.root_path}/"


def opens_browser(settings: Settings) -> bool:
    """Tell whether to open the page: on this machine only, by default without a config file."""
    serve = settings.serve
    if not serve.loopback:
        return False
    if serve.open_browser is not None:
        return serve.open_browser
    return settings.config_file is None


def run(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """Serve the MUS-automat with ``settings`` until stopped (Ctrl+C or SIGTERM).

    Raises:
        MusformsError: a bad bank folder, template or address, before listening.
    """
    import uvicorn

    bank = prepare(settings)
    serve = settings.serve
    sock = bind(serve.host, serve.port)
    common = {
        "log_level": "warning",
        "ws": "none",
        "lifespan": "on",
        "server_header": False,
        "access_log": False,  # uvicorn's own would log query strings and addresses
        "proxy_headers": False,  # ForwardedHeaders decides whom to believe
        "timeout_graceful_shutdown": GRACE_SECONDS,
    }
    url = address(settings)
    echo(f"MUS-automat: {url}  (stop with Ctrl+C)")
    if serve.workers > 1:
        from uvicorn.supervisors import Multiprocess

        os.environ[SETTINGS_ENV] = settings.model_dump_json()
        config = uvicorn.Config(
            "musforms.web.serve:create_app_from_env",
            factory=True,
            workers=serve.workers,
            **common,  # type: ignore[arg-type]
        )
        with sock:
            Multiprocess(config, sockets=[sock]).run()
        return
    from musforms.web.app import create_app

    app = create_app(bank, settings=settings)
    server = uvicorn.Server(uvicorn.Config(app, **common))  # type: ignore[arg-type]
    if opens_browser(settings) and sys.stdout.isatty():

        def open_when_ready() -> None:
            while not server.started and not server.should_exit:
                time.sleep(0.05)
            if server.started:
                webbrowser.open(url)

        threading.Thread(target=open_when_ready, daemon=True).start()
    with sock:
        server.run(sockets=[sock])
