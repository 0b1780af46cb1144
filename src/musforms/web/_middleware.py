"""The web MUS-automat's guards, as plain ASGI middleware.

- :class:`HostCheck`: answer only requests addressed to this machine's own
  names, so that a web page elsewhere cannot reach the app through DNS
  rebinding (its name pointed at 127.0.0.1).
- :class:`BodyLimit`: refuse bodies over the limit with 413, from the
  ``Content-Length`` header before reading, and by counting while reading
  when there is none (chunked uploads).
- :class:`SecurityHeaders`: a strict Content-Security-Policy (no inline
  scripts or styles) and the other headers every response gets.
- :class:`ForwardedHeaders`: believe ``X-Forwarded-For/Proto/Host`` from the
  reverse proxies named in ``trusted_proxies`` only, so that the client's
  address, scheme and host are the ones the browser used.
- :class:`RootPath`: serve the app under a sub-path (``/mus``), whether or not
  the proxy strips it.
- :class:`OriginCheck`: refuse (403) a state-changing request that a page of
  another site made (cross-site request forgery).
- :class:`RateLimit`: a token bucket per client address (429 with Retry-After).
- :class:`AccessLog`: one JSON line per request (route, status, duration), never
  a query string, a body or an address: they may hold personal data.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import TextIO
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "LOOPBACK_NAMES",
    "AccessLog",
    "BodyLimit",
    "ForwardedHeaders",
    "HostCheck",
    "OriginCheck",
    "RateLimit",
    "RootPath",
    "SecurityHeaders",
    "allowed_hosts",
]

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
    # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with
    # the page's own posts, and the Origin check could not tell them from a foreign page's.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

#: Renders an error page: (status, label key, page language) -> (body, content type).
ErrorPage = Callable[[int, str, str], tuple[bytes, str]]

#: Routes a load balancer calls by address, not by name: no Host check, no rate limit.
UNGUARDED = frozenset({"/healthz"})
#: The app's own routes, logged by name; any other path is logged as "other" (it may be
#: anything a person typed).
ROUTES = frozenset(
    {"/", "/preview", "/search", "/download", "/load", "/answers", "/form.css", "/healthz"}
)


def _route(scope: Scope) -> str:
    """Return the request's path inside the app (without the root path)."""
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    if root and (path == root or path.startswith(root + "/")):
        path = path[len(root) :]
    return path or "/"


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
        if scope["type"] != "http" or self.hosts is None or _route(scope) in UNGUARDED:
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


async def _send_text(
    send: Send, status: int, text: str, headers: dict[str, str] | None = None
) -> None:
    """Answer with a short plain text (a refusal nobody's page shows: no template needed)."""
    body = text.encode("utf-8")
    head = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    head += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    head += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


def _replace_header(scope: Scope, name: bytes, value: str) -> None:
    headers = [(k, v) for k, v in scope["headers"] if k != name]
    headers.append((name, value.encode("latin-1")))
    scope["headers"] = headers


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _in(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _last(value: str) -> str:
    return value.rsplit(",", 1)[-1].strip()


class ForwardedHeaders:
    """Take the client's address, scheme and host from a trusted proxy's forwarded headers.

    A request straight from a client that sends ``X-Forwarded-*`` itself is not
    believed: only a peer in ``trusted`` may say who the client is. The
    address is the right-most one in ``X-Forwarded-For`` that is not itself a
    trusted proxy (what a chain of proxies appended); scheme and host are the
    last values, the ones the nearest proxy set.
    """

    def __init__(self, app: ASGIApp, trusted: Iterable[str]) -> None:
        self.app = app
        self.trusted = tuple(ipaddress.ip_network(item, strict=False) for item in trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] != "http" or not self.trusted or not client:
            await self.app(scope, receive, send)
            return
        if not _in(str(client[0]), self.trusted):
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        headers = Headers(scope=scope)
        forwarded_for = headers.get("x-forwarded-for")
        if forwarded_for:
            chain = [part.strip() for part in forwarded_for.split(",") if part.strip()]
            while len(chain) > 1 and _in(chain[-1], self.trusted):
                chain.pop()
            if chain:
                scope["client"] = (chain[-1].strip("[]"), 0)
        proto = headers.get("x-forwarded-proto")
        if proto and _last(proto).lower() in {"http", "https"}:
            scope["scheme"] = _last(proto).lower()
        host = headers.get("x-forwarded-host")
        if host and _last(host):
            _replace_header(scope, b"host", _last(host))
        await self.app(scope, receive, send)


class RootPath:
    """Serve the app under ``root`` (``/mus``), reached with the prefix or without it.

    A proxy that strips the prefix (nginx ``proxy_pass http://app/;``) sends
    ``/preview``, one that keeps it sends ``/mus/preview``: both are the same
    route. Starlette builds links, redirects and static paths from ``root_path``.
    """

    def __init__(self, app: ASGIApp, root: str) -> None:
        self.app = app
        self.root = root.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"} or not self.root:
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        path: str = scope["path"]
        if not (path == self.root or path.startswith(self.root + "/")):
            scope["path"] = self.root + path
            scope["raw_path"] = self.root.encode() + (scope.get("raw_path") or path.encode())
        scope["root_path"] = self.root
        await self.app(scope, receive, send)


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin_of(url: str) -> tuple[str, str, int] | None:
    """Return (scheme, host, port) of an Origin or Referer value; ``None`` if it has none."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    except ValueError:
        return None
    if not parts.scheme or not host:
        return None
    return parts.scheme.lower(), host.lower(), port


class OriginCheck:
    """Refuse (403) a state-changing request whose Origin (or Referer) is not this site.

    A browser sends ``Origin`` with every POST; a page elsewhere cannot leave
    it out or forge it, so a foreign or ``null`` Origin is a cross-site request.
    Without ``Origin``, the ``Referer``'s origin counts. A request with
    neither comes from no browser (curl, a script, a test client): it is
    served, because a cross-site attack needs a browser, and the browser
    always says where the page that sent it came from. The site's own origin
    is the scheme and Host the client used: behind a trusted proxy the
    forwarded ones (see :class:`ForwardedHeaders`, which runs first).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        claimed = headers.get("origin")
        if claimed is None:
            claimed = headers.get("referer")
        if claimed is not None and _origin_of(claimed) != self.own(scope, headers):
            await _send_text(
                send,
                403,
                "Afvist: forespørgslen kom fra en anden side end MUS-automaten.\n"
                "Refused: the request came from a page other than the MUS-automat's.\n",
            )
            return
        await self.app(scope, receive, send)

    @staticmethod
    def own(scope: Scope, headers: Headers) -> tuple[str, str, int] | None:
        """Return this site's origin as the client sees it."""
        scheme = str(scope.get("scheme", "http")).lower()
        host = headers.get("host", "")
        return _origin_of(f"{scheme}://{host}") if host else None


class RateLimit:
    """Answer 429 to a client address that sends more than ``per_minute`` requests a minute.

    A token bucket per address: ``per_minute`` requests at once, refilled
    evenly over the minute. Static files and ``/healthz`` do not count (a page
    load fetches several files). The buckets are per worker process, and at
    most ``max_clients`` are kept (the fullest go first): memory stays bounded
    whatever the addresses.
    """

    def __init__(
        self,
        app: ASGIApp,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.app = app
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.max_clients = max_clients
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def _take(self, client: str) -> float:
        """Take a token for ``client``; return 0, or the seconds until one is there."""
        now = self.clock()
        with self.lock:
            tokens, then = self.buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - then) * self.rate)
            if tokens >= 1:
                self.buckets[client] = (tokens - 1, now)
                if len(self.buckets) > self.max_clients:
                    self._prune(now)
                return 0.0
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        def level(item: tuple[str, tuple[float, float]]) -> float:
            tokens, then = item[1]
            return tokens + (now - then) * self.rate

        keep = sorted(self.buckets.items(), key=level)[: self.max_clients // 2]
        self.buckets = dict(keep)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = _route(scope)
        if (
            scope["type"] != "http"
            or self.capacity <= 0
            or route in UNGUARDED
            or route == "/form.css"
            or route.startswith("/static/")
        ):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self._take(str(client[0]) if client else "")
        if wait > 0:
            await _send_text(
                send,
                429,
                "For mange forespørgsler lige nu. Vent lidt, og prøv igen.\n"
                "Too many requests just now. Wait a moment and try again.\n",
                {"retry-after": str(max(1, int(wait + 0.999)))},
            )
            return
        await self.app(scope, receive, send)


class AccessLog:
    """Write one JSON line per request to ``stream`` (standard error by default).

    The line holds the time, the method, the route (one of the app's own, or
    ``/static/...`` or ``other``), the status, the bytes sent and the duration.
    Never the query string, a body, a header, a file name or the client's
    address: with a form's content they are personal data.
    """

    def __init__(self, app: ASGIApp, stream: TextIO | None = None) -> None:
        self.app = app
        self.stream = stream
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        route = _route(scope)  # now: routing (a Mount) changes the scope it is given
        method = str(scope.get("method", ""))[:10]
        status = 500
        sent = 0

        async def watching_send(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        finally:
            self.write(method, route, status, sent, time.perf_counter() - started)

    def write(self, method: str, route: str, status: int, sent: int, seconds: float) -> None:
        """Write the line of one request."""
        if route.startswith("/static/"):
            route = "/static/..."
        elif route not in ROUTES:
            route = "other"
        line = json.dumps(
            {
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "method": method,
                "route": route,
                "status": status,
                "bytes": sent,
                "ms": round(seconds * 1000, 1),
                "pid": os.getpid(),
            },
            separators=(",", ":"),
        )
        stream = self.stream or sys.stderr
        with self.lock:
            stream.write(line + "\n")
            stream.flush()
