"""The web MUS-automat end to end, in Debian's Chromium driven by Playwright.

E001: with JavaScript: search (æøå folded), tick, add an own question, reorder and rename
      sections, move a question, download the .docx: it holds the chosen ids in that order.
E002: without JavaScript: tick, add an own question, preview, download: the essential path.
E003: keyboard alone: skip link, open a theme, tick, move a section; labels, headings, focus.
E004: the page fits a laptop (bank left, preview right) and a tablet (one column); the
      screenshots in docs/images are made here (MUSFORMS_UPDATE_SCREENSHOTS=1 writes them).

The server is the real app under uvicorn in a thread, on a free port of 127.0.0.1. The
browser is never downloaded: these tests use /usr/bin/chromium and skip without it.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from musforms.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not at /usr/bin/chromium (apt-get install chromium); "
        "CI installs it. The browser is never downloaded.",
    ),
]

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    """Run the app with uvicorn in a thread on a free port of 127.0.0.1."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(), host="127.0.0.1", port=port, log_level="warning", ws="none", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def watch(page: Any) -> list[str]:
    """Collect the page's script errors and console errors (a CSP violation is one).

    Predicates given to ``wait_for_function`` must be written as functions (``() => ...``):
    a bare expression is run with ``eval``, which the page's CSP forbids, as it should.
    """
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    return problems


def tick(page: Any, *question_ids: str) -> None:
    """Open each question's theme (if closed) and tick it, as a person does with the mouse."""
    for question_id in question_ids:
        category = question_id.split(".", 1)[0]
        details = page.locator(f"#cat-{category}")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        page.locator(f'[id="pick-{question_id}"]').check()


def docx_tags_in_order(data: bytes) -> list[str]:
    """Return the question ids of a .docx's content controls, in document order, once each.

    Question ids are ``category.slug``; the document's other controls (the people, the
    notes) have tags without a dot.
    """
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    ids: list[str] = []
    for tag in re.findall(r'<w:tag w:val="([^"]+)"', xml):
        question_id = tag.split(":", 1)[0]
        if "." in question_id and question_id not in ids:
            ids.append(question_id)
    return ids


def docx_or_skip(download: Any) -> bytes:
    return Path(download.path()).read_bytes()


def preview_has(page: Any, question_id: str) -> None:
    page.wait_for_selector(f'#preview-content [data-question-id="{question_id}"]')


# -- E001 ---------------------------------------------------------------------------------


def test_with_javascript_tick_add_reorder_and_download(
    browser: Any, server_url: str
) -> None:  # E001
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = watch(page)
    page.goto(server_url + "/")

    # Search folds æøå and accents like the server: "arbejdsmiljo" finds "arbejdsmiljø".
    page.fill("#f-search", "ARBEJDSMILJO")
    page.wait_for_function("() => document.getElementById('search-status').textContent.length > 0")
    assert "passer" in page.inner_text("#search-status")
    assert page.locator("#cat-arbejdsmiljo").is_visible()
    assert page.locator("#cat-tilbageblik").is_hidden()
    page.fill("#f-search", "")
    page.wait_for_function("() => !document.getElementById('cat-tilbageblik').hidden")

    tick(page, "opgaver.resultater", "trivsel.trivsel_nu", "trivsel.giver_energi")
    preview_has(page, "trivsel.giver_energi")
    assert "2 af" in page.inner_text("#cat-trivsel .cat-count")

    page.fill("#new-text", "Hvad vil du fejre i år?")
    page.select_option("#new-kind", "smiley")
    page.click("#add-custom")
    preview_has(page, "custom.hvad_vil_du_fejre_i_aar")
    assert page.input_value('textarea[name="cq_text.c1"]') == "Hvad vil du fejre i år?"
    assert page.input_value("#new-text") == ""

    # Sections: Opgaver, Trivsel, Egne spørgsmål. Move Trivsel up, rename it, move the own
    # question into it.
    sections = page.locator("#section-list > li")
    assert sections.count() == 3
    sections.nth(1).locator('button[id^="sec-up-"]').click()
    first = page.locator("#section-list > li").nth(0)
    assert first.locator("input").input_value() == "Trivsel og motivation"  # automatic title
    first.locator("input").fill("Sådan har du det")
    key = first.get_attribute("data-key")
    page.select_option('[id="move-custom:c1"]', key)
    page.wait_for_function(
        "() => { const h = document.querySelector('#preview-content .mus-section h4');"
        " return h && h.textContent === 'Sådan har du det'"
        " && document.querySelectorAll('#preview-content .mus-section').length === 2; }"
    )
    assert page.locator("#section-list > li").count() == 2  # the emptied own-questions section left

    with page.expect_download() as info:
        page.click("button[value='docx-conversation']")
    download = info.value
    year = dt.date.today().year
    assert download.suggested_filename == f"Medarbejderudviklingssamtale (MUS) {year}.docx"
    order = docx_tags_in_order(docx_or_skip(download))
    assert order == [
        "trivsel.trivsel_nu",
        "trivsel.giver_energi",
        "custom.hvad_vil_du_fejre_i_aar",
        "opgaver.resultater",
    ]
    xml = zipfile.ZipFile(download.path()).read("word/document.xml").decode("utf-8")
    assert "Sådan har du det" in xml
    assert problems == []
    context.close()


def test_errors_appear_next_to_fields_as_you_type(browser: Any, server_url: str) -> None:  # E001
    page = browser.new_page()
    problems = watch(page)
    page.goto(server_url + "/?lang=en")
    tick(page, "trivsel.trivsel_nu")
    preview_has(page, "trivsel.trivsel_nu")
    page.fill("#f-title", "")
    page.fill("#f-intro", "<script>alert(1)</script> {{ ''.__class__ }}")
    page.wait_for_selector("#err-title:not([hidden])")
    page.wait_for_selector("#err-intro:not([hidden])")
    assert "Give the form a title." in page.inner_text("#err-title")
    assert "Only a variable" in page.inner_text("#err-intro")
    assert page.get_attribute("#f-title", "aria-invalid") == "true"
    page.fill("#f-title", "MUS 2027")
    page.fill("#f-intro", "<script>alert(1)</script>")
    page.wait_for_selector("#err-title", state="hidden")
    page.wait_for_function(
        "() => document.querySelector('#preview-content .mus-intro')?.textContent"
        " === '<script>alert(1)</script>'"
    )
    assert page.get_attribute("#f-title", "aria-invalid") is None
    assert problems == []
    page.close()


def test_switching_language_keeps_what_was_chosen(browser: Any, server_url: str) -> None:  # E001
    page = browser.new_page()
    problems = watch(page)
    page.goto(server_url + "/")
    tick(page, "trivsel.trivsel_nu")
    page.fill("#new-text", "Hvad vil du fejre?")
    page.click("#add-custom")
    preview_has(page, "custom.hvad_vil_du_fejre")
    with page.expect_navigation():
        page.click("a[data-switch-lang='en']")
    assert page.get_attribute("html", "lang") == "en"
    assert "Choose questions" in page.inner_text("#h-bank")
    assert page.is_checked('[id="pick-trivsel.trivsel_nu"]')
    assert page.input_value('textarea[name="cq_text.c1"]') == "Hvad vil du fejre?"
    assert problems == []
    page.close()


# -- E002 ---------------------------------------------------------------------------------


def test_without_javascript_the_essential_path_works(browser: Any, server_url: str) -> None:  # E002
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(server_url + "/")
    assert page.locator("#search-box").is_hidden()
    assert page.locator("#section-list").is_hidden()

    tick(page, "trivsel.trivsel_nu", "ledelse.samarbejdet")
    page.fill("#f-organisation", "Eksempel Kommune")
    page.fill("#new-text", "Hvad vil du fejre i år?")
    page.click("#add-custom")  # a real submit: the server adds it and renders the page again
    page.wait_for_load_state()
    assert page.input_value('textarea[name="cq_text.c1"]') == "Hvad vil du fejre i år?"
    assert page.is_checked('[id="pick-ledelse.samarbejdet"]')

    page.click("#preview .preview-head button")  # "Vis forhåndsvisning"
    page.wait_for_load_state()
    assert page.locator('#preview-content [data-question-id="ledelse.samarbejdet"]').count() == 1
    assert "EKSEMPEL KOMMUNE" in page.inner_text("#preview-content").upper()

    with page.expect_download() as info:
        page.click("button[value='docx-conversation']")
    ids = docx_tags_in_order(docx_or_skip(info.value))
    assert ids == [
        "ledelse.samarbejdet",
        "trivsel.trivsel_nu",
        "custom.hvad_vil_du_fejre_i_aar",
    ] or (ids == ["trivsel.trivsel_nu", "ledelse.samarbejdet", "custom.hvad_vil_du_fejre_i_aar"])

    page.uncheck('[id="pick-trivsel.trivsel_nu"]')
    page.uncheck('[id="pick-ledelse.samarbejdet"]')
    page.click("#cq-c1 [data-remove]")
    page.wait_for_load_state()
    page.click("button[value='xlsx']")  # nothing chosen: the page says so instead of a file
    page.wait_for_load_state()
    assert "Vælg mindst ét spørgsmål." in page.inner_text("#error-summary")
    context.close()


# -- E003 ---------------------------------------------------------------------------------


def test_keyboard_alone_and_a_screen_reader_find_their_way(
    browser: Any, server_url: str
) -> None:  # E003
    page = browser.new_page()
    problems = watch(page)
    page.goto(server_url + "/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    page.focus("#cat-samarbejde > summary")
    page.keyboard.press("Enter")
    assert page.get_attribute("#cat-samarbejde", "open") is not None
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("pick-samarbejde.")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Space")
    assert page.is_checked(f'[id="{focused}"]')
    page.focus("#cat-trivsel > summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_selector("#section-list > li:nth-child(2)")

    up = page.locator("#section-list > li").nth(1).locator('button[id^="sec-up-"]')
    moved = page.locator("#section-list > li").nth(1).get_attribute("data-key")
    up.focus()
    page.keyboard.press("Enter")
    assert page.locator("#section-list > li").nth(0).get_attribute("data-key") == moved
    assert page.evaluate("document.activeElement.id") in {f"sec-down-{moved}", f"sec-up-{moved}"}

    # Every control has a label; headings go down one level at a time.
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')]
            .filter(e => e.type !== 'hidden' && !e.closest('template') && e.offsetParent !== null)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                         && !(e.tagName === 'BUTTON' && e.textContent.trim()))
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert page.get_attribute("#preview-status", "aria-live") == "polite"
    assert problems == []
    page.close()


# -- E004 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "width", "height"),
    [("laptop", 1280, 900), ("tablet", 768, 1024)],
    ids=["laptop", "tablet"],
)
def test_the_page_fits_a_laptop_and_a_tablet(
    browser: Any, server_url: str, tmp_path: Path, name: str, width: int, height: int
) -> None:  # E004
    # A Danish browser, as an HR consultant's is: the file picker's own words are Danish too.
    page = browser.new_page(viewport={"width": width, "height": height}, locale="da-DK")
    problems = watch(page)
    page.goto(server_url + "/")
    page.fill("#f-organisation", "Eksempel Kommune")
    page.fill("#f-theme", "Digitalisering")
    tick(page, "trivsel.trivsel_nu", "trivsel.giver_energi", "opgaver.resultater")
    tick(page, "kompetencer.styrker")
    preview_has(page, "kompetencer.styrker")
    page.evaluate(
        "() => { document.activeElement.blur(); window.scrollTo(0, 0);"
        " document.getElementById('preview-content').scrollTop = 0; }"
    )
    page.mouse.move(width - 5, height - 5)
    page.wait_for_timeout(300)

    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    bank = page.locator("#bank").bounding_box()
    preview = page.locator("#preview").bounding_box()
    if width >= 1200:
        assert bank["x"] + bank["width"] <= preview["x"]  # bank left, preview right
        assert preview["y"] < height  # the preview is on the first screen
    else:
        assert abs(bank["x"] - preview["x"]) < 2 and preview["y"] > bank["y"]  # one column

    shot = tmp_path / f"web-{name}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("MUSFORMS_UPDATE_SCREENSHOTS"):
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_IMAGES / f"web-{name}.png")
    assert problems == []
    page.close()
