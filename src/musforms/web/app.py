"""The web MUS-automat: a Starlette app where HR consultants tick questions and download forms.

Run it with ``musforms serve`` (uvicorn on 127.0.0.1). The page at ``/`` is
rendered on the server with every category and question of the bank, and
works without JavaScript: tick, press a download button, get the file. The
script in ``static/`` adds searching, a live preview and the sections panel.

Routes (no route takes a path from the request; nothing is written to disk):

- ``GET /``: the page; ``?lang=en`` for English, ``?preset=NAME`` to start
  from a ready form.
- ``POST /``: the page again with the submitted choices (the "show preview"
  and "add question" buttons without JavaScript).
- ``POST /preview``: the preview as an HTML fragment, for the script.
- ``POST /download``: the form in ``format`` (Word, Excel, JSON Schema, spec).
- ``POST /load``: the page with an uploaded spec file opened.
"""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from musforms._presets import PRESET_NAMES, preset, presets
from musforms._version import __version__
from musforms.bank.model import KINDS, Language
from musforms.bank.questionbank import QuestionBank
from musforms.errors import MusformsError, SpecError
from musforms.web._bankview import BankView
from musforms.web._downloads import choices, content_disposition, file_name, find, render
from musforms.web._labels import kind_names, labels, ui_language
from musforms.web._messages import explain
from musforms.web._middleware import BodyLimit, HostCheck, SecurityHeaders, allowed_hosts
from musforms.web._spec import Checked, FieldError, check, layout_json
from musforms.web._state import CustomDraft, PageState, read_fields, state_from_spec
from musforms.web._upload import parse_upload, safe_name

__all__ = ["MAX_BODY_BYTES", "create_app"]

#: The largest request body (form fields or an uploaded spec) the app reads. It is below
#: Starlette's 1 MiB spool size, so an upload stays in memory: no temporary file is written.
MAX_BODY_BYTES = 1_000_000

_PRESET_NAMES = {"grus": "GRUS", "tre-delt": "Tredelt"}

#: The labels app.js needs to build the sections panel and its messages.
_JS_LABELS = (
    "move_up",
    "move_down",
    "move_up_long",
    "move_down_long",
    "delete_section",
    "new_section_title",
    "move_to",
    "section_empty",
    "section_label",
    "section_moved",
    "question_moved",
    "custom_added",
    "custom_removed",
    "custom_empty_new",
    "search_count",
    "search_none",
    "ticked_count",
    "preview_failed",
    "preset_confirm",
    "custom_legend",
    "preset_hint",
    "error_prefix",
)
_ANCHORS = {
    "title": "f-title",
    "organisation": "f-organisation",
    "language": "f-language",
    "theme": "f-theme",
    "intro": "f-intro",
    "q": "bank",
    "spec_file": "f-spec-file",
    "preset": "f-preset",
    "downloads": "downloads",
}


def _anchor(field_id: str) -> str:
    """Return the element id an error summary links to for a field id."""
    if field_id in _ANCHORS:
        return _ANCHORS[field_id]
    if field_id.startswith("cq-"):
        return field_id
    if field_id.startswith("sec-"):
        return "sections"
    return "main"


def create_app(
    bank: QuestionBank | None = None,
    *,
    host: str = "127.0.0.1",
    max_body: int = MAX_BODY_BYTES,
) -> Starlette:
    """Return the web MUS-automat as an ASGI app.

    Args:
        bank: the question bank to offer; ``None`` means the shipped bank.
        host: the address the server is bound to; requests must name this
            machine (``localhost``, ``127.0.0.1``) or that address in their
            Host header (DNS-rebinding protection). ``0.0.0.0`` accepts any name.
        max_body: the largest request body in bytes; larger ones get 413.
    """
    if bank is None:
        from musforms.bank.load import load_bank

        bank = load_bank()
    site = _Site(bank)
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(HostCheck, hosts=allowed_hosts(host), page=site.error_body),
        Middleware(BodyLimit, limit=max_body, page=site.error_body),
    ]
    routes = [
        Route("/", site.page, methods=["GET", "POST"]),
        Route("/preview", site.preview, methods=["POST"]),
        Route("/download", site.download, methods=["POST"]),
        Route("/load", site.load, methods=["POST"]),
        Route("/form.css", site.form_css, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("musforms.web", "static")]), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: site.http_error, Exception: site.server_error},
    )


async def _fields(request: Request) -> tuple[dict[str, list[str]], FormData]:
    """Return the request's text fields as lists of strings, and the raw form (for uploads)."""
    form = await request.form(max_files=2, max_fields=5000)
    fields: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(name, []).append(value)
    return fields, form


class _Site:
    """The app's handlers and what they share: the bank, its rendered list, the templates."""

    def __init__(self, bank: QuestionBank) -> None:
        self.bank = bank
        self.view = BankView(bank)
        self.env = Environment(
            loader=PackageLoader("musforms.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            version=__version__,
            kinds=KINDS,
            downloads=choices,
            anchor=_anchor,
            blank_custom=CustomDraft(key="__KEY__", text=""),
        )
        # A plain str, so that autoescape quotes it for an attribute (tojson's Markup would not).
        self.env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
        self._form_css: bytes | None = None

    # -- pages -------------------------------------------------------------------

    def _render_page(
        self,
        checked: Checked,
        *,
        status: int = 200,
        notice: str | None = None,
        chosen_preset: str = "",
        extra_errors: tuple[FieldError, ...] = (),
    ) -> HTMLResponse:
        state = checked.state
        errors = [*extra_errors, *checked.errors]
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        html = self.env.get_template("page.html.j2").render(
            **self._common(state.lang),
            state=state,
            form_type=checked.form.type if checked.form else "mus",
            view=self.view.categories(state.lang),
            ticked=state.ticked_set,
            errors=by_field,
            error_list=errors,
            notice=notice,
            presets=self._presets(state.lang),
            chosen_preset=chosen_preset,
            preview=self._preview_context(checked),
        )
        return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})

    def _common(self, lang: Language) -> dict[str, Any]:
        names = labels(lang)
        return {
            "lang": lang,
            "L": names,
            "K": kind_names(lang),
            "js_labels": {key: names[key] for key in _JS_LABELS},
        }

    def _presets(self, lang: Language) -> list[dict[str, str]]:
        described = presets(lang)
        return [
            {
                "name": name,
                "label": _PRESET_NAMES.get(name, name.capitalize()),
                "description": described.get(name, ""),
            }
            for name in PRESET_NAMES
        ]

    def _preview_context(self, checked: Checked) -> dict[str, Any]:
        form = checked.form
        body = None
        if form is not None:
            from musforms.render.html import render_body

            # The output of musforms' own autoescaped template: every user text is escaped.
            body = Markup(render_body(form, heading_level=3))
        return {
            "body": body,
            "count": len(form.questions) if form else 0,
            "minutes": form.estimated_minutes if form else 0,
            "too_long": bool(form and form.too_long),
            "language": form.language if form else checked.state.lang,
            "errors": checked.errors,
            "layout_json": layout_json(checked.state, self.bank),
        }

    async def page(self, request: Request) -> HTMLResponse:
        """``GET /``: a blank or preset page; ``POST /``: the page with the submitted choices."""
        if request.method == "GET":
            return await run_in_threadpool(self._get_page, dict(request.query_params))
        fields, _ = await _fields(request)
        return await run_in_threadpool(self._post_page, fields)

    def _get_page(self, query: dict[str, str]) -> HTMLResponse:
        lang = ui_language(query.get("lang"))
        name = query.get("preset", "")
        if not name:
            state = PageState(lang=lang, title=_default_title(lang), language=lang)
            return self._render_page(check(state, self.bank, for_preview=True))
        try:
            spec = preset(name, lang)
        except SpecError as error:
            state = PageState(lang=lang, title=_default_title(lang), language=lang)
            problem = FieldError("preset", explain(error, lang), labels(lang)["preset_label"])
            return self._render_page(
                check(state, self.bank, for_preview=True), status=404, extra_errors=(problem,)
            )
        state = state_from_spec(spec, self.bank, lang)
        label = next(p["label"] for p in self._presets(lang) if p["name"] == name)
        return self._render_page(
            check(state, self.bank, for_preview=True),
            notice=labels(lang)["preset_loaded"].format(name=label),
            chosen_preset=name,
        )

    def _post_page(self, fields: dict[str, list[str]]) -> HTMLResponse:
        state = read_fields(fields)
        return self._render_page(check(state, self.bank, for_preview=True))

    async def preview(self, request: Request) -> HTMLResponse:
        """``POST /preview``: the preview fragment (form, errors, sections) for the script."""
        fields, _ = await _fields(request)
        return await run_in_threadpool(self._preview, fields)

    def _preview(self, fields: dict[str, list[str]]) -> HTMLResponse:
        state = read_fields(fields)
        checked = check(state, self.bank, for_preview=True)
        html = self.env.get_template("_preview.html.j2").render(
            **self._common(state.lang), preview=self._preview_context(checked)
        )
        return HTMLResponse(html, headers={"cache-control": "no-store"})

    async def download(self, request: Request) -> Response:
        """``POST /download``: the form as a file, or the page with what to correct (400)."""
        fields, _ = await _fields(request)
        return await run_in_threadpool(self._download, fields)

    def _download(self, fields: dict[str, list[str]]) -> Response:
        state = read_fields(fields)
        fmt = (fields.get("format") or [""])[0]
        checked = check(state, self.bank)
        names = labels(state.lang)
        download = find(fmt, checked.form.type if checked.form else "mus")
        if download is None:
            problem = FieldError("downloads", names["format_unknown"], names["downloads"])
            return self._render_page(checked, status=400, extra_errors=(problem,))
        if not checked.ok or checked.spec is None or checked.form is None:
            return self._render_page(checked, status=400)
        try:
            data = render(checked.form, checked.spec, download)
        except MusformsError as error:
            reason = names["render_failed"].format(reason=explain(error, state.lang))
            problem = FieldError("downloads", reason, names["downloads"])
            return self._render_page(checked, status=400, extra_errors=(problem,))
        name = file_name(checked.form.title, download, checked.form.language)
        return Response(
            data,
            media_type=download.renderer.media_type,
            headers={"content-disposition": content_disposition(name), "cache-control": "no-store"},
        )

    async def load(self, request: Request) -> HTMLResponse:
        """``POST /load``: open an uploaded spec; a bad file leaves the page as it was."""
        fields, form = await _fields(request)
        # The page's field is spec_file; a program may name its one file anything.
        upload = form.get("spec_file")
        if not isinstance(upload, UploadFile):
            upload = next((v for _, v in form.multi_items() if isinstance(v, UploadFile)), None)
        data = b""
        filename = ""
        if isinstance(upload, UploadFile):
            data = await upload.read(MAX_BODY_BYTES + 1)
            filename = safe_name(upload.filename)
            await upload.close()
        return await run_in_threadpool(self._load, fields, data, filename)

    def _load(self, fields: dict[str, list[str]], data: bytes, filename: str) -> HTMLResponse:
        current = read_fields(fields)
        lang = current.lang
        names = labels(lang)
        if not data:
            problem = FieldError("spec_file", names["no_file"], names["file_field"])
            return self._render_page(
                check(current, self.bank, for_preview=True), status=400, extra_errors=(problem,)
            )
        try:
            spec = parse_upload(data, filename)
            state = state_from_spec(spec, self.bank, lang)
        except SpecError as error:
            problem = FieldError(
                "spec_file", explain(error, lang, with_line=True, upload=True), filename
            )
            return self._render_page(
                check(current, self.bank, for_preview=True), status=400, extra_errors=(problem,)
            )
        checked = check(state, self.bank, for_preview=True)
        if checked.errors:
            # A spec that names unknown questions is refused whole: half a form is a trap.
            problems = tuple(replace(e, field="spec_file", label=filename) for e in checked.errors)
            return self._render_page(
                check(current, self.bank, for_preview=True), status=400, extra_errors=problems
            )
        return self._render_page(checked, notice=names["loaded"].format(name=filename))

    # -- files and errors ------------------------------------------------------------

    async def form_css(self, request: Request) -> Response:
        """``GET /form.css``: the preview's styles, the same file the HTML renderer inlines."""
        if self._form_css is None:
            self._form_css = (
                resources.files("musforms.render").joinpath("templates/form.css").read_bytes()
            )
        return Response(self._form_css, media_type="text/css")

    def error_body(self, status: int, key: str, lang: str) -> tuple[bytes, str]:
        """Return an error page's body and type, for the middleware (400, 413, ...)."""
        language = ui_language(lang)
        html = self.env.get_template("error.html.j2").render(
            **self._common(language),
            status=status,
            message=labels(language)[key].format(mb=MAX_BODY_BYTES // 1_000_000),
        )
        return html.encode("utf-8"), "text/html; charset=utf-8"

    async def http_error(self, request: Request, exc: Exception) -> Response:
        """Render Starlette's HTTP errors (404, 405, a malformed form) as a page."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        key = "not_found" if status in {404, 405} else "server_error"
        if status == 413:
            key = "too_large"
        elif 400 <= status < 500 and status not in {404, 405}:
            key = "bad_request"
        body, media = self.error_body(status, key, request.query_params.get("lang", "da"))
        return Response(body, status_code=status, media_type=media)

    async def server_error(self, request: Request, exc: Exception) -> Response:
        """Render a fault of musforms itself as a page, with the security headers."""
        from musforms.web._middleware import SECURITY_HEADERS

        body, media = self.error_body(500, "server_error", request.query_params.get("lang", "da"))
        return Response(body, status_code=500, media_type=media, headers=SECURITY_HEADERS)


def _default_title(lang: Language) -> str:
    """Return a blank form's title: what most organisations call their MUS form."""
    if lang == "en":
        return "Employee development conversation (MUS) {{ year }}"
    return "Medarbejderudviklingssamtale (MUS) {{ year }}"
