"""The web MUS-automat: a Starlette app where HR consultants tick questions and download forms.

Run it with ``musforms serve`` (uvicorn on 127.0.0.1). The page at ``/`` is
rendered on the server with every category and question of the bank, and
works without JavaScript: tick, press a download button, get the file. The
script in ``static/`` adds searching, a live preview and the sections panel.

Routes (no route takes a path from the request; nothing is written to disk):

- ``GET /``: the page; ``?lang=en`` for English, ``?preset=NAME`` to start
  from a ready form.
- ``POST /``: the page again with the submitted choices (the "show preview",
  "add question", language, search and ready-form buttons; ``action=preset``).
- ``POST /preview``: the preview as an HTML fragment, for the script.
- ``GET /search``: the questions the list's search and filters leave, as JSON, for the script.
- ``POST /download``: the form in ``format`` (Word, Excel, JSON Schema, spec).
- ``POST /load``: the page with an uploaded spec file opened.
- ``POST /answers``: the page with a filled form's answers beside it (never stored).
- ``POST /redraw``: a filled Word form back with its competence wheels drawn (never stored).
- ``GET /healthz``: ``{"status": "ok", "version": ...}`` for a load balancer.

As a service (``musforms serve --config``, see :mod:`musforms.web.config`) the
app is the same; its settings add the guards of a network: the Host names it
answers to, the reverse proxies it believes, a sub-path, a rate limit and an
access log. Every render of a submitted form runs on a bounded pool with a
deadline (:mod:`musforms.web._limits`), and a state-changing request from
another site's page is refused (:class:`~musforms.web._middleware.OriginCheck`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartParser
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from musforms._presets import PRESET_NAMES, preset, presets
from musforms._version import __version__
from musforms.bank.model import KINDS, Language
from musforms.bank.questionbank import QuestionBank
from musforms.errors import AnswersError, MusformsError, SpecError
from musforms.web._answers import WORD_MEDIA_TYPE, AnswersView, is_word, read_filled, redrawn
from musforms.web._answers import view as answers_view
from musforms.web._bankview import BankView
from musforms.web._downloads import choices, content_disposition, file_name, find, render
from musforms.web._labels import kind_names, labels, preset_label, ui_language
from musforms.web._limits import Busy, RenderGate
from musforms.web._messages import explain
from musforms.web._middleware import (
    AccessLog,
    BodyLimit,
    ForwardedHeaders,
    HostCheck,
    OriginCheck,
    RateLimit,
    RootPath,
    SecurityHeaders,
    allowed_hosts,
)
from musforms.web._search import LENGTHS, Found, highlight
from musforms.web._search import find as find_questions
from musforms.web._spec import Checked, FieldError, check, layout_json, preview_items
from musforms.web._state import (
    CustomDraft,
    PageState,
    SearchDraft,
    blank_state,
    dropped_questions,
    planning_year,
    read_fields,
    state_from_spec,
    with_ready_form,
)
from musforms.web._upload import OversizeUploads, parse_upload, safe_name
from musforms.web.config import Organisation, Serve, Settings

__all__ = ["MAX_BODY_BYTES", "create_app", "create_app_from_env"]

#: The largest request body (form fields or an uploaded spec) the app reads. It is below
#: Starlette's 1 MiB spool size, so an upload stays in memory: no temporary file is written.
MAX_BODY_BYTES = 1_000_000

#: The most fields a request may have (a page with every question ticked has ~600).
_MAX_FIELDS = 5000
#: The most a list in the "questions will go" box names before "... and N more".
_DROPPED_SHOWN = 8
#: The routes that take an uploaded file (their over-size uploads are answered on the page).
_UPLOADS = frozenset({"/load", "/answers", "/redraw"})

#: The labels app.js needs to build the sections panel and its messages.
_JS_LABELS = (
    "move_up",
    "move_down",
    "move_up_long",
    "move_down_long",
    "delete_section",
    "delete_section_long",
    "new_section_title",
    "section_empty",
    "section_label",
    "section_moved",
    "section_questions",
    "section_title_hint",
    "custom_added",
    "custom_removed",
    "custom_empty_new",
    "ticked_count",
    "preview_failed",
    "custom_legend",
    "preset_hint",
    "error_prefix",
    "move_question",
    "move_hint",
    "question_moved_to",
    "move_menu_up",
    "move_menu_down",
    "move_menu_to",
    "remove_question",
    "remove_question_long",
    "question_removed",
    "preview_remove_long",
    "undo",
    "redo",
    "undone",
    "redone",
    "nothing_to_undo",
    "nothing_to_redo",
    "autosaved",
    "draft_text",
    "draft_restored",
    "draft_discarded",
    "bar_count",
    "file_too_large",
    "search_none",
)
_ANCHORS = {
    "title": "f-title",
    "organisation": "f-organisation",
    "year": "f-year",
    "language": "f-language",
    "theme": "f-theme",
    "intro": "f-intro",
    "q": "bank",
    "spec_file": "f-spec-file",
    "answers_file": "f-answers-file",
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
    settings: Settings | None = None,
) -> Starlette:
    """Return the web MUS-automat as an ASGI app.

    Args:
        bank: the question bank to offer; ``None`` means the shipped bank, with
            the organisation's bank folder of ``settings`` added.
        host: the address the server is bound to; requests must name this
            machine (``localhost``, ``127.0.0.1``) or that address in their
            Host header (DNS-rebinding protection). ``0.0.0.0`` accepts any name.
            Ignored when ``settings`` are given (their ``allowed_hosts`` count).
        max_body: the largest request body in bytes; larger ones get 413 (an
            upload from the page gets the page back, with "the file is too large").
            Ignored when ``settings`` are given (their ``max_request_bytes``).
        settings: the service's settings (``musforms serve``); ``None`` means an
            app for one machine: no rate limit, no access log, no proxies.
    """
    serve = settings.serve if settings is not None else Serve(rate_limit=0)
    organisation = settings.organisation if settings is not None else Organisation()
    hosts = serve.host_names() if settings is not None else allowed_hosts(host)
    if settings is not None:
        max_body = serve.max_request_bytes
    if bank is None:
        from musforms.bank.load import load_bank

        bank = load_bank(organisation.bank)
    # Starlette keeps an upload in memory up to its spool size and writes the rest to a
    # temporary file; nothing of hers may reach the disk, so the spool holds the limit.
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, max_body + 1)
    gate = RenderGate(serve.max_renders, serve.render_timeout)
    site = _Site(bank, max_body, gate=gate, organisation=organisation, root=serve.root_path)
    middleware = [
        Middleware(RootPath, root=serve.root_path),
        Middleware(ForwardedHeaders, trusted=serve.trusted_proxies),
        *([Middleware(AccessLog)] if serve.access_log else []),
        Middleware(SecurityHeaders),
        Middleware(HostCheck, hosts=hosts, page=site.error_body),
        *([Middleware(RateLimit, per_minute=serve.rate_limit)] if serve.rate_limit else []),
        Middleware(OriginCheck),
        Middleware(OversizeUploads, paths=_UPLOADS, limit=max_body, page=site.oversize_upload),
        Middleware(BodyLimit, limit=max_body, page=site.error_body),
    ]
    routes = [
        Route("/healthz", site.healthz, methods=["GET"]),
        Route("/", site.page, methods=["GET", "POST"]),
        Route("/preview", site.preview, methods=["POST"]),
        Route("/search", site.search, methods=["GET"]),
        Route("/download", site.download, methods=["POST"]),
        Route("/load", site.load, methods=["POST"]),
        Route("/answers", site.answers, methods=["POST"]),
        Route("/redraw", site.redraw, methods=["POST"]),
        Route("/form.css", site.form_css, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("musforms.web", "static")]), name="static"),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The first page compiles the templates (~0.2 s): do it before the first visitor.
        await run_in_threadpool(site.warm)
        yield
        gate.close()  # at shutdown: renders still waiting are dropped, running ones end

    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: site.http_error, Exception: site.server_error},
        lifespan=lifespan,
    )


def create_app_from_env() -> Starlette:
    """Return the app of ``musforms serve``'s settings, for each uvicorn worker process.

    uvicorn starts workers as new processes that import an app factory by
    name; the settings (checked once in the parent) travel in an environment
    variable. See :func:`musforms.web.serve.create_app_from_env`.
    """
    from musforms.web.serve import create_app_from_env as from_env

    return from_env()


async def _fields(request: Request) -> tuple[dict[str, list[str]], FormData]:
    """Return the request's text fields as lists of strings, and the raw form (for uploads)."""
    form = await request.form(max_files=3, max_fields=_MAX_FIELDS)
    fields: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(name, []).append(value)
    return fields, form


async def _upload(form: FormData, name: str, limit: int) -> tuple[bytes, str]:
    """Return an uploaded file's bytes (at most ``limit`` + 1) and its safe name."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile):
        # The page's field has its own name; a program may name its one file anything.
        upload = next((v for _, v in form.multi_items() if isinstance(v, UploadFile)), None)
    if not isinstance(upload, UploadFile):
        await form.close()
        return b"", ""
    data = await upload.read(limit + 1)
    filename = safe_name(upload.filename)
    await form.close()  # every file of the request, the empty pickers' too
    return data, filename


def _urlencoded(body: bytes) -> dict[str, list[str]]:
    """Return a urlencoded form's fields as lists of strings, as :func:`_fields` does."""
    try:
        pairs = parse_qsl(
            body.decode("latin-1"),
            keep_blank_values=True,
            max_num_fields=_MAX_FIELDS,
            encoding="utf-8",
            errors="replace",
        )
    except ValueError:  # more fields than any page sends
        raise HTTPException(400) from None
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


@dataclass
class _Extras:
    """What a page may show besides the state: a notice, a question, answers, errors."""

    status: int = 200
    notice: str | None = None
    extra_errors: tuple[FieldError, ...] = ()
    confirm: dict[str, Any] | None = None
    answers: AnswersView | None = None
    fresh: bool = False


class _Site:
    """The app's handlers and what they share: the bank, its rendered list, the templates."""

    def __init__(
        self,
        bank: QuestionBank,
        max_body: int = MAX_BODY_BYTES,
        *,
        gate: RenderGate | None = None,
        organisation: Organisation | None = None,
        root: str = "",
    ) -> None:
        self.bank = bank
        self.max_body = max_body
        self.gate = gate or RenderGate(2, 10.0)
        self.organisation = organisation or Organisation()
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
            lengths=LENGTHS,
            downloads=choices,
            anchor=_anchor,
            blank_custom=CustomDraft(key="__KEY__", text=""),
            mb=max_body // 1_000_000 or 1,
            root=root,
        )
        # A plain str, so that autoescape quotes it for an attribute (tojson's Markup would not).
        self.env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
        self.env.filters["marked"] = highlight
        self._form_css: bytes | None = None

    # -- pages -------------------------------------------------------------------

    def _render_page(self, checked: Checked, extras: _Extras | None = None) -> HTMLResponse:
        extras = extras or _Extras()
        state = checked.state
        errors = [*extras.extra_errors, *checked.errors]
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        found = find_questions(self.bank, state.search, state.lang)
        html = self.env.get_template("page.html.j2").render(
            **self._common(state.lang),
            state=state,
            form_type=checked.form.type if checked.form else _kept_type(state),
            view=self.view.categories(state.lang),
            categories=[(c.id, c.title.get(state.lang)) for c in self.bank.categories],
            ticked=state.ticked_set,
            found=found,
            errors=by_field,
            error_list=errors,
            notice=extras.notice,
            confirm=extras.confirm,
            answers=extras.answers,
            fresh=extras.fresh,
            presets=self._presets(state.lang),
            chosen_preset=state.preset,
            preview=self._preview_context(checked),
        )
        return HTMLResponse(html, status_code=extras.status, headers={"cache-control": "no-store"})

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
                "label": preset_label(name, lang),
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
            "items_json": json.dumps(preview_items(checked), ensure_ascii=False),
        }

    def warm(self) -> None:
        """Render the blank page once, so that its templates are compiled."""
        self._get_page({})

    def _check(self, state: PageState) -> Checked:
        return check(state, self.bank, for_preview=True)

    async def page(self, request: Request) -> Response:
        """``GET /``: a blank or preset page; ``POST /``: the page with the submitted choices."""
        if request.method == "GET":
            return await run_in_threadpool(self._get_page, dict(request.query_params))
        return await self._gated_form(request, self._post_page)

    async def _gated(self, func: Callable[..., Response], *args: object) -> Response:
        """Return ``func(*args)`` run on the render pool; 503 when it is full or too slow."""
        try:
            return await self.gate.run(func, *args)
        except Busy as busy:
            return Response(
                "MUS-automaten har travlt lige nu. Prøv igen om lidt.\n"
                "The MUS-automat is busy just now. Try again in a moment.\n",
                status_code=503,
                media_type="text/plain",
                headers={"retry-after": str(busy.retry_after), "cache-control": "no-store"},
            )

    async def _gated_form(
        self, request: Request, func: Callable[[dict[str, list[str]]], Response]
    ) -> Response:
        """Return ``func(fields)`` run on the render pool, the form parsed there too.

        A page's form is ~100 KB of fields; parsed on the event loop, 50 of them at
        once would stall every other request (``GET /`` included), so a plain form
        is read as bytes here and parsed on the render thread.
        """
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("application/x-www-form-urlencoded"):
            fields, _ = await _fields(request)
            return await self._gated(func, fields)
        body = await request.body()
        return await self._gated(lambda: func(_urlencoded(body)))

    async def healthz(self, request: Request) -> JSONResponse:
        """``GET /healthz``: 200 and the version, for a load balancer (nothing else is checked:
        the app holds no state that could be unwell)."""
        return JSONResponse(
            {"status": "ok", "version": __version__}, headers={"cache-control": "no-store"}
        )

    def _with_defaults(self, state: PageState) -> PageState:
        """Return a fresh page's state with the organisation's name and theme filled in."""
        if self.organisation.name:
            state.organisation = self.organisation.name
        if self.organisation.theme:
            state.theme = self.organisation.theme
        return state

    def _get_page(self, query: dict[str, str]) -> HTMLResponse:
        lang = ui_language(query.get("lang") or self.organisation.language)
        # No ?preset= at all: the organisation's default ready form; ?preset= (empty): blank.
        name = query.get("preset", self.organisation.preset or "")
        if not name:
            state = self._with_defaults(blank_state(lang))
            return self._render_page(self._check(state), _Extras(fresh=True))
        try:
            spec = preset(name, lang)
        except SpecError as error:
            problem = FieldError("preset", explain(error, lang), labels(lang)["preset_label"])
            return self._render_page(
                self._check(blank_state(lang)),
                _Extras(status=404, extra_errors=(problem,), fresh=True),
            )
        state = self._with_defaults(state_from_spec(spec, self.bank, lang, year=planning_year()))
        state.preset = state.preset_was = name
        notice = labels(lang)["preset_loaded"].format(name=preset_label(name, lang))
        return self._render_page(self._check(state), _Extras(notice=notice, fresh=True))

    def _post_page(self, fields: dict[str, list[str]]) -> HTMLResponse:
        state = read_fields(fields)
        action = (fields.get("action") or [""])[-1]
        if action in {"preset", "preset_confirmed"} and "preset" in fields:
            return self._change_preset(state, confirmed=action == "preset_confirmed")
        if action == "clear_search":
            state.search = SearchDraft()
        if action == "keep_choices":
            state.preset = state.preset_was
        return self._render_page(self._check(state))

    def _change_preset(self, current: PageState, *, confirmed: bool) -> HTMLResponse:
        """Apply the ready form chosen in the drop-down, keeping her basics and own questions.

        When chosen questions would go, the page asks first (a box with "yes" and
        "no" buttons, which works without JavaScript); ``confirmed`` is the yes.
        """
        lang = current.lang
        names = labels(lang)
        name = current.preset
        year = int(current.year) if current.year.isdigit() else planning_year()
        if name:
            try:
                spec = preset(name, lang)
            except SpecError as error:
                problem = FieldError("preset", explain(error, lang), names["preset_label"])
                return self._render_page(
                    self._check(current), _Extras(status=404, extra_errors=(problem,))
                )
            ready = state_from_spec(spec, self.bank, lang, year=year)
            label = preset_label(name, lang)
        else:
            ready = blank_state(lang, year)
            label = names["preset_none"]
        ready.preset = ready.preset_was = name
        dropped = dropped_questions(current, ready)
        if dropped and not confirmed:
            texts = [self._question_text(i, lang) for i in dropped]
            confirm = {
                "name": label,
                "count": len(dropped),
                "shown": texts[:_DROPPED_SHOWN],
                "more": max(0, len(texts) - _DROPPED_SHOWN),
            }
            return self._render_page(self._check(current), _Extras(confirm=confirm))
        merged = with_ready_form(current, ready)
        notice = f"{names['preset_loaded'].format(name=label)} {names['preset_kept']}"
        return self._render_page(self._check(merged), _Extras(notice=notice))

    def _question_text(self, question_id: str, lang: Language) -> str:
        for category in self.view.categories(lang):
            for question in category.questions:
                if question.id == question_id:
                    return question.text
        return question_id

    async def preview(self, request: Request) -> Response:
        """``POST /preview``: the preview fragment (form, errors, sections) for the script."""
        return await self._gated_form(request, self._preview)

    def _preview(self, fields: dict[str, list[str]]) -> HTMLResponse:
        state = read_fields(fields)
        checked = self._check(state)
        html = self.env.get_template("_preview.html.j2").render(
            **self._common(state.lang), preview=self._preview_context(checked)
        )
        return HTMLResponse(html, headers={"cache-control": "no-store"})

    async def search(self, request: Request) -> JSONResponse:
        """``GET /search``: the questions the list's search and filters leave, for the script.

        ``{"ids": [...] | null, "terms": {id: [folded words]}, "message": "..."}``;
        ``ids`` ``null`` means the list shows everything.
        """
        query = request.query_params
        fields = {
            name: [query.get(name, "")]
            for name in (
                "search",
                "search_both",
                "filter_category",
                "filter_kind",
                "filter_audience",
                "filter_length",
                "lang",
            )
        }
        state = read_fields(fields)
        found: Found = await run_in_threadpool(find_questions, self.bank, state.search, state.lang)
        body = {
            "ids": None
            if found.ids is None
            else [q.id for q in self.bank.questions if q.id in found.ids],
            "terms": {i: sorted(t) for i, t in found.terms.items() if found.shows(i)},
            "message": found.message,
        }
        return JSONResponse(body, headers={"cache-control": "no-store"})

    async def download(self, request: Request) -> Response:
        """``POST /download``: the form as a file, or the page with what to correct (400)."""
        return await self._gated_form(request, self._download)

    def _download(self, fields: dict[str, list[str]]) -> Response:
        state = read_fields(fields)
        fmt = (fields.get("format") or [""])[0]
        checked = check(state, self.bank)
        names = labels(state.lang)
        download = find(fmt, checked.form.type if checked.form else _kept_type(state))
        if download is None:
            problem = FieldError("downloads", names["format_unknown"], names["downloads"])
            return self._render_page(checked, _Extras(status=400, extra_errors=(problem,)))
        if not checked.ok or checked.spec is None or checked.form is None:
            return self._render_page(checked, _Extras(status=400))
        template = self.organisation.template
        if template is not None and "template" in download.renderer.options:
            download = replace(download, options={**download.options, "template": template})
        try:
            data = render(checked.form, checked.spec, download)
        except MusformsError as error:
            reason = names["render_failed"].format(reason=explain(error, state.lang))
            problem = FieldError("downloads", reason, names["downloads"])
            return self._render_page(checked, _Extras(status=400, extra_errors=(problem,)))
        name = file_name(checked.form.title, download, checked.form.language)
        return Response(
            data,
            media_type=download.renderer.media_type,
            headers={"content-disposition": content_disposition(name), "cache-control": "no-store"},
        )

    async def load(self, request: Request) -> Response:
        """``POST /load``: open an uploaded spec; a bad file leaves the page as it was."""
        fields, form = await _fields(request)
        data, filename = await _upload(form, "spec_file", self.max_body)
        return await self._gated(self._load, fields, data, filename)

    def _load(self, fields: dict[str, list[str]], data: bytes, filename: str) -> HTMLResponse:
        current = read_fields(fields)
        lang = current.lang
        names = labels(lang)
        if not data:
            problem = FieldError("spec_file", names["no_file"], names["file_field"])
            return self._refuse(current, problem)
        try:
            spec = parse_upload(data, filename)
            state = state_from_spec(spec, self.bank, lang)
        except SpecError as error:
            problem = FieldError(
                "spec_file", explain(error, lang, with_line=True, upload=True), filename
            )
            return self._refuse(current, problem)
        state.search = current.search
        checked = self._check(state)
        if checked.errors:
            # A spec that names unknown questions is refused whole: half a form is a trap.
            problems = tuple(replace(e, field="spec_file", label=filename) for e in checked.errors)
            return self._render_page(
                self._check(current), _Extras(status=400, extra_errors=problems)
            )
        return self._render_page(checked, _Extras(notice=names["loaded"].format(name=filename)))

    def _refuse(self, current: PageState, problem: FieldError, status: int = 400) -> HTMLResponse:
        """Return the page as she had it, with a problem at a field (a bad upload)."""
        return self._render_page(
            self._check(current), _Extras(status=status, extra_errors=(problem,))
        )

    async def answers(self, request: Request) -> Response:
        """``POST /answers``: a filled form's answers beside her page, which stays as it was."""
        fields, form = await _fields(request)
        data, filename = await _upload(form, "answers_file", self.max_body)
        return await self._gated(self._answers, fields, data, filename)

    def _answers(self, fields: dict[str, list[str]], data: bytes, filename: str) -> HTMLResponse:
        current = read_fields(fields)
        lang = current.lang
        names = labels(lang)
        if not data:
            problem = FieldError("answers_file", names["answers_none_file"], names["answers_field"])
            return self._refuse(current, problem)
        try:
            form, answers = read_filled(data, filename)
        except AnswersError as error:
            problem = FieldError("answers_file", explain(error, lang, filled=True), filename)
            return self._refuse(current, problem)
        shown = answers_view(form, answers, filename, lang, word=is_word(data))
        return self._render_page(self._check(current), _Extras(answers=shown))

    async def redraw(self, request: Request) -> Response:
        """``POST /redraw``: the uploaded filled Word form with its wheels drawn, as a download."""
        fields, form = await _fields(request)
        data, filename = await _upload(form, "redraw_file", self.max_body)
        return await self._gated(self._redraw, fields, data, filename)

    def _redraw(self, fields: dict[str, list[str]], data: bytes, filename: str) -> Response:
        current = read_fields(fields)
        names = labels(current.lang)
        if not data:
            problem = FieldError("answers_file", names["answers_none_file"], names["answers_field"])
            return self._refuse(current, problem)
        try:
            content, name = redrawn(data, filename, current.lang)
        except AnswersError as error:
            problem = FieldError(
                "answers_file", explain(error, current.lang, filled=True), filename
            )
            return self._refuse(current, problem)
        return Response(
            content,
            media_type=WORD_MEDIA_TYPE,
            headers={"content-disposition": content_disposition(name), "cache-control": "no-store"},
        )

    async def oversize_upload(
        self, fields: dict[str, list[str]], filename: str, field_name: str
    ) -> Response:
        """Return the page for an upload over the body limit: her fields, and "too large"."""
        return await self._gated(self._oversize, fields, filename, field_name)

    def _oversize(self, fields: dict[str, list[str]], filename: str, field_name: str) -> Response:
        current = read_fields(fields)
        names = labels(current.lang)
        field_id = "answers_file" if field_name in {"answers_file", "redraw_file"} else "spec_file"
        message = names["file_too_large"].format(mb=self.max_body // 1_000_000 or 1)
        return self._refuse(current, FieldError(field_id, message, filename), status=413)

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
            message=labels(language)[key].format(mb=self.max_body // 1_000_000 or 1),
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


def _kept_type(state: PageState) -> str:
    """Return the conversation type a state's kept spec keys name (``mus`` when none)."""
    kept = state.keep.get("spec")
    value = kept.get("type") if isinstance(kept, dict) else None
    return value if isinstance(value, str) else "mus"
