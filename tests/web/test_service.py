"""The MUS-automat as an intranet service: the guards of a network, behind a proxy.

V001 started from a config file, it answers on an allowed Host and refuses another
V002 GET /healthz answers 200 with the version, by any Host (a load balancer's address)
V003 a state-changing request from another site's page is refused (403); one with no
     Origin and no Referer (no browser) is served
V004 behind a trusted proxy: the forwarded scheme and host make the absolute URLs and the
     Origin check's own origin; from an untrusted address they are ignored
V005 under a root path every link, file, form action and redirect carries the prefix
V006 a client over its rate gets 429 with Retry-After; files and /healthz do not count
V007 the access log is one JSON line per request, with no query string and no content
V008 every response, refusals too, has the security headers
V009 renders run on a bounded pool: a full pool answers 503 at once
V010 50 heavy posts at once leave the page answering in under 2 s (issue 12, item 4)
V011 an invalid date in an uploaded spec is a 400 naming its line, not a 500
V012 the organisation's defaults fill a new page
"""

from __future__ import annotations

import io
import json
import re
import socket
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musforms.errors import ConfigError, MusformsError, SpecError
from musforms.spec import FormSpec
from musforms.web.app import create_app
from musforms.web.config import Settings, load_settings

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

PROXY = "10.0.0.5"
#: The command line, run as a process: ``musforms`` of this interpreter.
MUSFORMS = [sys.executable, "-c", "from musforms.cli import main; main()"]
CONFIG = """\
[serve]
host = "0.0.0.0"
allowed_hosts = ["mus.kommune.local"]
root_path = "/mus"
trusted_proxies = ["10.0.0.0/24"]
rate_limit = 0

[organisation]
name = "Varde Kommune"
theme = "Digitalisering"
"""


def from_file(tmp_path: Path, text: str = CONFIG) -> Settings:
    path = tmp_path / "musforms.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, env={})


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> object:
    return create_app(settings=from_file(tmp_path_factory.mktemp("svc")))


def client_of(app: object, address: str = PROXY, **kw: object) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8000", client=(address, 4711), **kw)  # type: ignore[arg-type]


FORWARDED = {
    "host": "127.0.0.1:8000",
    "x-forwarded-proto": "https",
    "x-forwarded-host": "mus.kommune.local",
    "x-forwarded-for": "192.168.7.7",
}


def test_the_service_answers_on_an_allowed_host_and_refuses_another(
    service: object,
) -> None:  # V001
    with client_of(service, "192.168.7.7") as client:
        assert client.get("/mus/", headers={"host": "mus.kommune.local"}).status_code == 200
        assert client.get("/mus/", headers={"host": "evil.example"}).status_code == 400
        # On a network the loopback names are not the service's either.
        assert client.get("/mus/", headers={"host": "localhost:8000"}).status_code == 400


def test_healthz_answers_by_any_host(service: object) -> None:  # V002
    with client_of(service, "10.9.9.9") as client:
        response = client.get("/healthz", headers={"host": "10.0.0.17:8000"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and isinstance(body["version"], str)


def post_preview(client: TestClient, path: str = "/preview", **headers: str) -> httpx.Response:
    return client.post(path, data={"title": "MUS", "q": "trivsel.mening"}, headers=headers)


def test_a_post_from_another_site_is_refused(client: TestClient) -> None:  # V003
    own = "http://127.0.0.1:8000"
    assert post_preview(client, origin=own).status_code == 200
    assert post_preview(client, origin="http://127.0.0.1:8000/").status_code == 200
    assert post_preview(client, referer=f"{own}/?lang=en").status_code == 200
    for foreign in (
        "http://evil.example",
        "null",
        "http://127.0.0.1:8001",
        "https://127.0.0.1:8000",
    ):
        response = post_preview(client, origin=foreign)
        assert response.status_code == 403, foreign
        assert "Refused" in response.text and response.headers["x-content-type-options"]
    assert post_preview(client, referer="http://evil.example/page").status_code == 403
    for path in ("/download", "/load", "/answers", "/"):
        assert client.post(path, headers={"origin": "http://evil.example"}).status_code == 403
    # No Origin and no Referer: no browser sent it (a cross-site page cannot leave both out).
    assert post_preview(client).status_code == 200
    assert client.get("/", headers={"origin": "http://evil.example"}).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_origin_counts(service: object) -> None:  # V004
    with client_of(service, follow_redirects=False) as client:
        redirect = client.get("/mus", headers=FORWARDED)
        assert redirect.status_code in {301, 302, 307, 308}
        assert redirect.headers["location"] == "https://mus.kommune.local/mus/"
        ok = post_preview(client, "/mus/preview", **FORWARDED, origin="https://mus.kommune.local")
        assert ok.status_code == 200
        plain = post_preview(client, "/mus/preview", **FORWARDED, origin="http://mus.kommune.local")
        assert plain.status_code == 403  # the browser used https, so http is another origin


def test_from_an_untrusted_address_the_forwarded_headers_are_ignored(
    service: object,
) -> None:  # V004
    with client_of(service, "192.168.7.7", follow_redirects=False) as client:
        # Host 127.0.0.1 is no allowed name; the claimed X-Forwarded-Host is not believed.
        assert client.get("/mus/", headers=FORWARDED).status_code == 400
        headers = {**FORWARDED, "host": "mus.kommune.local"}
        redirect = client.get("/mus", headers=headers)
        assert redirect.headers["location"] == "http://mus.kommune.local/mus/"  # not https
        refused = post_preview(
            client, "/mus/preview", **headers, origin="https://mus.kommune.local"
        )
        assert refused.status_code == 403


def test_under_a_root_path_every_link_carries_it(service: object) -> None:  # V005
    with client_of(service) as client:
        html = client.get("/mus/", headers=FORWARDED).text
        urls = re.findall(r'(?:href|src|action|formaction)="(/[^"]*)"', html)
        assert urls and all(url.startswith("/mus/") for url in urls), urls
        assert 'data-root="/mus"' in html
        for url in {u.split("?")[0] for u in urls if "static" in u or u.endswith(".css")}:
            assert client.get(url, headers=FORWARDED).status_code == 200, url
        # A proxy that strips the prefix reaches the same routes.
        assert client.get("/static/app.js", headers=FORWARDED).status_code == 200
        assert client.get("/healthz").status_code == 200
    scripts = Path(__file__).parents[2] / "src" / "musforms" / "web" / "static"
    for name in ("app.js", "search.js", "history.js"):
        code = (scripts / name).read_text("utf-8")
        assert not re.search(r"""fetch\(\s*["']/""", code), name  # every fetch takes the root


def test_a_client_over_its_rate_gets_429(tmp_path: Path) -> None:  # V006
    app = create_app(settings=load_settings(env={"MUSFORMS_RATE_LIMIT": "3"}))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for _ in range(5):
            assert client.get("/static/app.js").status_code == 200
            assert client.get("/healthz").status_code == 200
        assert [client.get("/search").status_code for _ in range(3)] == [200] * 3
        refused = client.get("/search")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.headers["content-security-policy"]
    other = TestClient(app, base_url="http://127.0.0.1:8000", client=("10.1.1.1", 1))
    assert other.get("/search").status_code == 200  # per client


def test_the_access_log_holds_no_content(capsys: pytest.CaptureFixture[str]) -> None:  # V007
    app = create_app(settings=load_settings(env={"MUSFORMS_ACCESS_LOG": "1"}))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        client.get("/search?search=Jens+Hansen")
        client.post("/preview", data={"title": "MUS for Jens Hansen", "q": "trivsel.mening"})
        client.get("/Jens-Hansen")
        client.get("/static/app.js?v=Jens")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    assert [(x["method"], x["route"], x["status"]) for x in lines] == [
        ("GET", "/search", 200),
        ("POST", "/preview", 200),
        ("GET", "other", 404),
        ("GET", "/static/...", 200),
    ]
    assert all({"time", "ms", "bytes", "pid"} <= set(x) for x in lines)
    assert "Jens" not in json.dumps(lines)


@pytest.mark.parametrize("path", ["/", "/healthz", "/static/app.js", "/nope"])
def test_every_response_has_the_security_headers(service: object, path: str) -> None:  # V008
    with client_of(service, "192.168.7.7") as client:
        for host in ("mus.kommune.local", "evil.example"):
            headers = client.get(f"/mus{path}", headers={"host": host}).headers
            assert "frame-ancestors 'none'" in headers["content-security-policy"]
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "same-origin"


def test_a_full_render_pool_answers_503_at_once() -> None:  # V009
    import asyncio

    from musforms.web._limits import Busy, RenderGate

    gate = RenderGate(slots=1, timeout=5.0, queue=1)
    release = threading.Event()

    async def scenario() -> list[str]:
        first = asyncio.ensure_future(gate.run(release.wait, 5))
        await asyncio.sleep(0.05)
        second = asyncio.ensure_future(gate.run(lambda: "second"))
        await asyncio.sleep(0.05)
        outcomes = []
        try:
            await gate.run(lambda: "third")
        except Busy:
            outcomes.append("busy")
        release.set()
        outcomes += [str(await first), await second]
        return outcomes

    assert asyncio.run(scenario()) == ["busy", "True", "second"]
    gate.close()


def test_a_render_past_its_deadline_is_503_and_keeps_its_slot() -> None:  # V009
    import asyncio

    from musforms.web._limits import Busy, RenderGate

    gate = RenderGate(slots=1, timeout=0.1, queue=0)
    release = threading.Event()

    async def scenario() -> tuple[bool, bool]:
        try:
            await gate.run(release.wait, 5)
        except Busy:
            late = True
        try:
            await gate.run(lambda: None)
        except Busy:
            full = True
        release.set()
        return late, full

    assert asyncio.run(scenario()) == (True, True)
    gate.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def live(tmp_path: Path) -> Iterator[str]:
    """`musforms serve` in its own process (the flood's clients must not share its GIL)."""
    import subprocess

    port = _free_port()
    command = [*MUSFORMS, "serve", "--port", str(port), "--no-browser"]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([*command, "--rate-limit", "0"], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(15)
        log.close()


def _heavy_fields() -> dict[str, list[str]]:
    """A preview as heavy as the page takes: every bank question and 200 own ones, with texts.

    The template sandbox refuses loops and bombs at once (issue 12, item 3), so the
    heaviest preview left is a big form: ~0.2 s of rendering each on this machine.
    """
    from musforms.bank.load import load_bank

    fields: dict[str, list[str]] = {
        "title": ["MUS {{ organisation }} {{ year }}"],
        "q": [q.id for q in load_bank().questions],
        "cq": [f"c{i}" for i in range(200)],
    }
    text = "Hvordan går det med {{ organisation }} og {{ theme }}? " * 8
    for i in range(200):
        fields[f"cq_text.c{i}"] = [text]
        fields[f"cq_kind.c{i}"] = ["scale" if i % 3 else "long_text"]
    return fields


@pytest.mark.slow
def test_fifty_heavy_posts_leave_the_page_answering(live: str) -> None:  # V010
    from urllib.parse import urlencode

    # Encoded once, so that the 50 posts reach the server together, not as the client
    # threads manage to encode them.
    body = urlencode(_heavy_fields(), doseq=True).encode()
    form = {"content-type": "application/x-www-form-urlencoded"}
    statuses: list[int] = []
    started = threading.Barrier(51)

    def attack() -> None:
        with httpx.Client(timeout=60) as attacker:
            started.wait()
            try:
                # No Origin: a foreign page's posts are refused at once (V003), so the
                # worst case is a script's, which reaches the renders.
                response = attacker.post(f"{live}/preview", content=body, headers=form)
                statuses.append(response.status_code)
            except httpx.HTTPError:
                statuses.append(0)

    threads = [threading.Thread(target=attack) for _ in range(50)]
    for thread in threads:
        thread.start()
    started.wait()
    time.sleep(0.5)  # the posts have arrived and are being rendered
    with httpx.Client(timeout=30) as person:
        began = time.perf_counter()
        page = person.get(f"{live}/")
        took = time.perf_counter() - began
    for thread in threads:
        thread.join(60)
    assert page.status_code == 200
    # The one timing assertion the issue demands; the bound is the issue's own.
    assert took < 2.0, f"GET / took {took:.2f} s under 50 heavy posts"
    print(f"GET / under 50 heavy posts: {took:.3f} s; statuses {sorted(set(statuses))}")
    assert statuses and set(statuses) <= {200, 503}, statuses


def test_an_invalid_date_in_an_uploaded_spec_is_400(client: TestClient) -> None:  # V011
    spec = b"title: MUS\norganisation: K\ndate: 2027-02-30\nsections:\n  - category: trivsel\n"
    response = client.post("/load", files={"spec_file": ("mus.yaml", io.BytesIO(spec))})
    assert response.status_code == 400
    with pytest.raises(SpecError) as caught:
        FormSpec.from_text(spec.decode(), file="mus.yaml")
    assert caught.value.line == 3 and caught.value.code == "value.not_a_date"


def test_the_organisations_defaults_fill_a_new_page(tmp_path: Path) -> None:  # V012
    text = '[organisation]\nname = "Varde Kommune"\ntheme = "Trivsel"\npreset = "kommune"\nlanguage = "en"\n'
    app = create_app(settings=from_file(tmp_path, text))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        html = client.get("/").text
        assert 'lang="en"' in html and 'value="Varde Kommune"' in html
        assert 'value="Trivsel"' in html
        assert 'value="kommune" selected' in html or re.search(
            r'value="kommune"[^>]*selected', html
        )
        blank = client.get("/?preset=").text
        assert 'value="Varde Kommune"' in blank


def test_a_body_over_the_limit_is_413_and_an_upload_gets_the_page() -> None:  # V008
    app = create_app(settings=load_settings(env={"MUSFORMS_MAX_REQUEST_BYTES": "20000"}))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        big = client.post("/preview", data={"title": "x" * 30_000})
        assert big.status_code == 413 and big.headers["x-content-type-options"] == "nosniff"
        upload = client.post(
            "/load",
            data={"title": "Mit skema"},
            files={"spec_file": ("mus.yaml", io.BytesIO(b"x" * 30_000))},
        )
        assert upload.status_code == 413
        assert 'value="Mit skema"' in upload.text  # her page, not an error page


def test_a_render_past_the_deadline_is_503_with_retry_after() -> None:  # V009
    app = create_app(settings=load_settings(env={"MUSFORMS_RENDER_TIMEOUT": "0.01"}))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        response = client.post("/preview", data=_heavy_fields())  # ~0.2 s of rendering
        assert response.status_code == 503 and int(response.headers["retry-after"]) >= 1
        assert "busy" in response.text
        assert client.get("/").status_code == 200  # the page itself is no render


def test_the_organisations_template_makes_the_word_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # V012
    import shutil

    import musforms.web.app as web_app

    template = tmp_path / "brevpapir.docx"
    source = Path(web_app.__file__).parents[1] / "render" / "templates" / "default.docx"
    shutil.copy(source, template)
    seen: list[dict[str, object]] = []
    real = web_app.render

    def spy(form: Any, spec: Any, download: Any) -> bytes:
        seen.append(dict(download.options))
        return real(form, spec, download)

    monkeypatch.setattr(web_app, "render", spy)
    app = create_app(
        settings=from_file(tmp_path, f'[organisation]\ntemplate = "{template.name}"\n')
    )
    fields = {"title": "MUS 2027", "organisation": "K", "year": "2027", "language": "da"}
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        word = client.post(
            "/download", data={**fields, "q": "trivsel.mening", "format": "docx-conversation"}
        )
        excel = client.post("/download", data={**fields, "q": "trivsel.mening", "format": "xlsx"})
    assert word.status_code == 200 and excel.status_code == 200
    assert seen[0]["template"] == template.resolve() and "template" not in seen[1]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet=st.sampled_from(list("[]=\"'#.,\n serveportho0123tabl_-")), max_size=120)
)
def test_any_config_text_is_settings_or_a_config_error(tmp_path: Path, text: str) -> None:  # C003
    path = tmp_path / "musforms.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_settings(path, env={})
    except ConfigError as error:
        assert error.file == path
    except MusformsError as error:  # the file layer's own codes (not UTF-8, ...)
        assert error.code.startswith("file.")


HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)


@settings(max_examples=60, deadline=None)
@given(origin=HEADER_TEXT, forwarded_for=HEADER_TEXT, proto=HEADER_TEXT, host=HEADER_TEXT)
def test_hostile_forwarded_and_origin_headers_never_break_the_service(
    service: object, origin: str, forwarded_for: str, proto: str, host: str
) -> None:  # V003, V004
    headers = {
        "host": "127.0.0.1:8000",
        "origin": origin,
        "x-forwarded-for": forwarded_for,
        "x-forwarded-proto": proto,
        "x-forwarded-host": host,
    }
    with client_of(service, raise_server_exceptions=False) as client:
        response = client.post("/mus/preview", data={"q": "trivsel.mening"}, headers=headers)
    assert response.status_code in {200, 400, 403}, response.status_code
    if response.status_code == 200:  # only under an allowed name, from the site's own origin
        assert host.rsplit(",", 1)[-1].strip().lower().startswith("mus.kommune.local")
