"""The web MUS-automat's guards, as plain ASGI middleware.

- :class:`HostCheck`: answer only requests addressed to this machine's own
  names, so that a web page elsewhere cannot reach the app through DNS
  rebinding (its name pointed at 127.0.0.1).
- :class:`BodyLimit`: refuse bodies over the limit with 413, from the
  ``Content-Length`` header before reading, and by counting while reading
  when there is none (chunked uploads).
- :class:`SecurityHeaders`: a strict Content-Security-Policy (no inline
  scripts or styles) and the other headers every response gets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["LOOPBACK_NAMES", "BodyLimit", "HostCheck", "SecurityHeaders", "allowed_hosts"]

#: The names under which a browser on this machine reaches a server bound to loopback.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::", "*"})

#: The page loads only its own script, styles and images, and cannot be framed.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

#: Renders an error page: (status, label key, page language) -> (body, content type).
ErrorPage = Callable[[int, str, str], tuple[bytes, str]]


def allowed_hosts(host: str) -> frozenset[str] | None:
    """Return the Host names to accept for a server bound to ``host``; ``None`` means any.

    Bound to loopback: only loopback names. Bound to one address or name: that
    and the loopback names. Bound to every address (``0.0.0.0``): any name,
    because the consultant chose to serve the network and its names are unknown.
    """
    name = host.strip().strip("[]").lower()
    if name in _ANY_ADDRESS:
        return None
    return LOOPBACK_NAMES | {name}


def host_name(header: str) -> str:
    """Return the name part of a Host header (``[::1]:8000`` -> ``::1``), lower-cased."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


def _language(scope: Scope) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    return "en" if "lang=en" in query.split("&") else "da"


async def _send_page(send: Send, status: int, body: bytes, content_type: str) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class HostCheck:
    """Refuse (400) a request whose Host is not one of ``hosts`` (``None``: accept any)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] | None, page: ErrorPage) -> None:
        self.app = app
        self.hosts = frozenset(hosts) if hosts is not None else None
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.hosts is None:
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("host", "")
        if host_name(header) not in self.hosts:
            body, content_type = self.page(400, "bad_host", _language(scope))
            await _send_page(send, 400, body, content_type)
            return
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    """Raised from ``receive`` when the body passes the limit mid-stream."""


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes with 413, without reading them all."""

    def __init__(self, app: ASGIApp, limit: int, page: ErrorPage) -> None:
        self.app = app
        self.limit = limit
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            try:
                too_large = int(declared) > self.limit
            except ValueError:
                too_large = True  # a Content-Length that is not a number is not honest either
            if too_large:
                await self._refuse(scope, send)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body, content_type = self.page(413, "too_large", _language(scope))
        await _send_page(send, 413, body, content_type)


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every response (pages, files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
