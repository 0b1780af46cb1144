"""The ``musforms`` command line: one short function per command (parse, call, print).

Heavy libraries load inside the commands that need them, so that
``musforms --help`` and ``musforms --version`` stay fast.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from musforms._version import __version__

if TYPE_CHECKING:
    from musforms.bank.model import Language
    from musforms.bank.questionbank import QuestionBank
    from musforms.spec import FormSpec

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


class _Group(click.Group):
    """A group that turns input errors into one line and exit 2, and bugs into exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from musforms.errors import MusformsError

        try:
            return super().invoke(ctx)
        except MusformsError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                import traceback

                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # The reader of our output went away (e.g. `musforms bank | head`): not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                import traceback

                traceback.print_exc()
            click.echo(
                f"musforms: internal error ({exc.__class__.__name__}: {exc}). This is a bug in "
                "musforms; run again with --debug for the details and report it.",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _fail(code: str, *, file: Path | str | None = None, **params: Any) -> NoReturn:
    """Stop with exit status 2 and the message of ``code``, as for any input error."""
    from musforms.errors import MusformsError

    raise MusformsError(code=code, params=params, file=file)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="musforms")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """musforms: the MUS-automat. Tick questions from a bank of MUS questions and get
    the form as Word, Excel, JSON Schema or HTML.

    \b
    Examples:
      musforms presets
      musforms build --preset standard -o MUS.docx
      musforms bank --search trivsel
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


#: ``--audience`` of build and batch; the names are musforms.kinds.SHEETS (kept literal
#: here, so that --help imports nothing).
_AUDIENCE = click.option(
    "--audience",
    type=click.Choice(["conversation", "employee", "leader", "colleague"]),
    default=None,
    help="Whose sheet: the conversation form, a preparation sheet (employee, leader) or a "
    "colleague's (default: the main sheet of the form's type).",
)


def _bank(folder: Path | None) -> QuestionBank:
    from musforms.bank.load import load_bank

    return load_bank(folder)


@cli.command()
@click.option("--category", "-c", multiple=True, help="Only this category (repeatable).")
@click.option(
    "--search", "-s", "query", help="Only questions matching these words (typos forgiven)."
)
@click.option("--kind", "-k", multiple=True, help="Only questions of this kind (repeatable).")
@click.option("--tag", "-t", help="Only questions with this tag.")
@click.option("--language", "-l", type=click.Choice(["da", "en"]), default="da", show_default=True)
@click.option(
    "--bank", "bank_folder", type=click.Path(path_type=Path), help="A bank folder to add."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON with full question ids.")
def bank(
    category: tuple[str, ...],
    query: str | None,
    kind: tuple[str, ...],
    tag: str | None,
    language: str,
    bank_folder: Path | None,
    as_json: bool,
) -> None:
    """Show the question bank.

    \b
    Examples:
      musforms bank
      musforms bank --category trivsel
      musforms bank --search "arbejdsmiljø" --json
    """
    question_bank = _bank(bank_folder)
    for name in category:
        if question_bank.category(name) is None:
            hint = question_bank.suggest_category(name)
            _fail("spec.unknown_category", category=name, hint=", ".join(hint))
    selected = question_bank.filter(category=category or None, tag=tag, kind=kind or None)  # type: ignore[arg-type]
    if query:
        found = {q.id for q in question_bank.search(query)}
        selected = [q for q in selected if q.id in found]
    chosen = {q.id for q in selected}
    if as_json:
        import json

        click.echo(json.dumps(question_bank.to_data(chosen), ensure_ascii=False, indent=2))
        return
    lang: Language = "en" if language == "en" else "da"
    similar_word = "similar" if lang == "en" else "ligner"
    categories = [c for c in question_bank.categories if any(q.id in chosen for q in c.questions)]
    for c in categories:
        click.secho(f"{c.title.get(lang)}  [{c.id}]", bold=True)
        for q in c.questions:
            if q.id in chosen:
                click.echo(f"  {q.id:<38} {q.kind:<16} {q.text.get(lang)}")
                alternatives = question_bank.alternatives(q.id)
                if alternatives:
                    click.echo(f"  {'':<38} {'':<16} ({similar_word}: {', '.join(alternatives)})")
    questions = "question" if len(chosen) == 1 else "questions"
    groups = "category" if len(categories) == 1 else "categories"
    click.echo(f"{len(chosen)} {questions} in {len(categories)} {groups}.", err=True)


@cli.command()
@click.option("--language", "-l", type=click.Choice(["da", "en"]), default="da", show_default=True)
def presets(language: str) -> None:
    """List the ready forms.

    \b
    Example:
      musforms presets
    """
    from musforms._presets import presets as list_presets

    for name, description in list_presets("en" if language == "en" else "da").items():
        click.echo(f"{name:<16} {description}")


@cli.command("formats")
@click.option("--language", "-l", type=click.Choice(["da", "en"]), default="en", show_default=True)
def formats_command(language: str) -> None:
    """List the output formats: the suffixes 'build -o' and 'batch -f' take."""
    from musforms.render import registry

    for renderer in registry().values():
        suffixes = " ".join(renderer.suffixes)
        per_person = " (per person: batch)" if renderer.personalisable else ""
        description = renderer.description.get(language, renderer.description["en"])
        click.echo(f"{renderer.name:8} {suffixes:20} {description}{per_person}")


@cli.command()
@click.argument("spec_file", type=click.Path(path_type=Path))
@click.option("--preset", "preset_name", default="standard", show_default=True)
@click.option("--language", "-l", type=click.Choice(["da", "en"]), help="The form's language.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(spec_file: Path, preset_name: str, language: str | None, force: bool) -> None:
    """Write a starter spec (a preset) to edit.

    \b
    Examples:
      musforms init mus.yaml
      musforms init mus.yaml --preset smiley
    """
    from musforms._presets import preset

    if spec_file.exists() and not force:
        _fail("cli.exists", file=spec_file)
    spec = preset(preset_name, "en" if language == "en" else "da" if language else None)
    spec.to_file(spec_file)
    click.echo(f"Wrote {spec_file} (from the preset '{preset_name}'). Edit it, then run:")
    click.echo(f"  musforms build {spec_file} -o MUS.docx")


def _load_spec(spec_file: Path | None, preset_name: str | None, language: str | None) -> FormSpec:
    from musforms._presets import preset
    from musforms.spec import FormSpec

    if (spec_file is None) == (preset_name is None):
        _fail("cli.spec_or_preset")
    lang = "en" if language == "en" else "da" if language else None
    if preset_name is not None:
        return preset(preset_name, lang)  # type: ignore[arg-type]
    assert spec_file is not None
    spec = FormSpec.from_file(spec_file)
    if lang is not None:
        spec.language = lang  # type: ignore[assignment]
    return spec


@cli.command()
@click.argument("spec_file", required=False, type=click.Path(path_type=Path))
@click.option("--preset", "preset_name", help="Build a ready form instead of a spec file.")
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="Output file; its suffix sets the format (see 'musforms formats'). Repeatable.",
)
@_AUDIENCE
@click.option(
    "--template", type=click.Path(path_type=Path), help="An organisation's own .docx to fill."
)
@click.option("--protect", is_flag=True, help="Word: allow only filling in the fields.")
@click.option(
    "--language", "-l", type=click.Choice(["da", "en"]), help="Override the form's language."
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="Last year's filled form: its development plan is carried forward for follow-up.",
)
@click.option(
    "--bank", "bank_folder", type=click.Path(path_type=Path), help="A bank folder to add."
)
def build(
    spec_file: Path | None,
    preset_name: str | None,
    outputs: tuple[Path, ...],
    audience: str | None,
    template: Path | None,
    protect: bool,
    language: str | None,
    previous: Path | None,
    bank_folder: Path | None,
) -> None:
    """Build a form from a spec (or a preset) into one or more files.

    Every file is rendered before any is written, and each is written
    atomically: a failed build leaves no half-written file behind.

    \b
    Examples:
      musforms build --preset standard -o MUS.docx
      musforms build mus.yaml -o mus.docx -o mus.xlsx -o mus.schema.json
      musforms build mus.yaml --audience employee -o forberedelse.docx
      musforms build mus.yaml --previous "MUS 2026 Søren.docx" -o "MUS 2027 Søren.docx"
    """
    from musforms._atomic import write_atomically
    from musforms.builder import build_form
    from musforms.form import MINUTES_LIMIT
    from musforms.render import accepted, format_for, render_bytes

    renderers = [(target, format_for(target)) for target in outputs]
    spec = _load_spec(spec_file, preset_name, language)
    form = build_form(spec, _bank(bank_folder), previous=previous)
    if form.too_long:
        click.echo(
            f"Warning: the form has {len(form.questions)} questions, about "
            f"{form.estimated_minutes} minutes of conversation; a MUS should fit in "
            f"{MINUTES_LIMIT}. Consider removing questions.",
            err=True,
        )
    given = {"audience": audience, "template": template, "protect": protect or None}
    rendered = [
        (target, render_bytes(form, renderer, **accepted(renderer, given)))
        for target, renderer in renderers
    ]
    for target, data in rendered:
        write_atomically(target, data)
        click.echo(f"Wrote {target}")


#: ``--password-file`` of read and collect: never a password on the command line.
_PASSWORD_FILE = click.option(
    "--password-file",
    type=click.Path(path_type=Path),
    help="A file whose first line is the password of encrypted files (or set "
    "MUSFORMS_PASSWORD). Never give a password on the command line.",
)


@cli.command()
@click.argument("filled", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the answers as JSON.")
@_PASSWORD_FILE
def read(filled: Path, as_json: bool, password_file: Path | None) -> None:
    """Show the answers of a filled form (.docx or .xlsx made by musforms).

    \b
    Examples:
      musforms read "Søren Hansen.docx"
      musforms read filled.xlsx --json > answers.json
      musforms read locked.docx --password-file password.txt
    """
    from musforms.answers.read import read_answers
    from musforms.collect import password_from

    answers = read_answers(filled, password=password_from(password_file))
    if as_json:
        click.echo(answers.to_json())
        return
    form = answers.form
    click.secho(f"{form.title}  ({form.organisation})", bold=True)
    for label, value in (("Employee", form.employee), ("Leader", form.leader), ("Date", form.date)):
        if value:
            click.echo(f"{label}: {value}")
    for question_id, value in answers.items():
        click.echo(f"\n{answers.title(question_id)}  [{question_id}]")
        click.echo(f"  {_show(value)}")
    if answers.missing:
        click.echo(f"\nUnanswered ({len(answers.missing)}): {', '.join(answers.missing)}")
    for note in answers.notes:
        click.echo(f"Note: {note}", err=True)


@cli.command()
@click.argument("filled", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    required=True,
    help="The redrawn .docx (may be FILLED itself).",
)
def redraw(filled: Path, output: Path) -> None:
    """Draw the competence wheels of a filled Word form from its ratings.

    Writes the same form, every answer kept, with each wheel's chart showing
    the ratings filled in its table.

    \b
    Examples:
      musforms redraw "Søren Hansen.docx" -o "Søren Hansen med hjul.docx"
    """
    from musforms._redraw import redraw as redraw_file

    if output.suffix.lower() != ".docx":
        _fail("cli.redraw_not_docx", file=output)
    wheels = redraw_file(filled, output)
    click.echo(f"Wrote {output} ({len(wheels)} wheel{'s' if len(wheels) != 1 else ''} drawn)")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value)
    return str(value).replace("\n", "\n  ")


@cli.command()
@click.argument("filled", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="The overview .xlsx."
)
@click.option(
    "--anonymous",
    is_flag=True,
    help="Figures per group only: no row per person, no names, pseudonyms or free text.",
)
@click.option(
    "--min-group",
    default=5,
    show_default=True,
    type=int,
    help="--anonymous: a smaller group is folded into 'Øvrige / Other'.",
)
@click.option(
    "--group-by",
    type=click.Choice(["department", "department+leader"]),
    default="department",
    show_default=True,
    help="--anonymous: the groups (leaders are numbered, never named).",
)
@click.option(
    "--pseudonyms",
    "key_file",
    type=click.Path(path_type=Path),
    help="A key file (see 'musforms key'): a row per person under a keyed pseudonym.",
)
@click.option("--include-text", is_flag=True, help="Include free-text answers (personal data).")
@_PASSWORD_FILE
@click.option(
    "--jobs", "-j", default=0, type=click.IntRange(0, 64), help="Worker processes (0: one per CPU)."
)
@click.option("--language", "-l", type=click.Choice(["da", "en"]), default="da", show_default=True)
def collect(
    filled: tuple[Path, ...],
    output: Path,
    anonymous: bool,
    min_group: int,
    group_by: str,
    key_file: Path | None,
    include_text: bool,
    password_file: Path | None,
    jobs: int,
    language: str,
) -> None:
    """Collect many filled forms into one overview workbook.

    A file that cannot be read never stops the others: it is listed in the
    overview with the reason, and the exit status is 2 when any failed. With a
    password (--password-file or MUSFORMS_PASSWORD) encrypted forms are opened
    and the overview is encrypted.

    \b
    Examples:
      musforms collect svar/*.docx svar/*.xlsx -o overblik.xlsx
      musforms collect svar/* -o overblik.xlsx --anonymous --min-group 5
      musforms key noegle.txt && musforms collect svar/* -o o.xlsx --pseudonyms noegle.txt
    """
    from musforms.collect import collect as collect_files
    from musforms.collect import password_from

    if output.suffix.lower() != ".xlsx":
        _fail("collect.not_xlsx", file=output)
    password = password_from(password_file)
    files = [f for f in filled if f.resolve() != output.resolve()]
    with _Progress("Reading", len(files)) as bar:
        overview = collect_files(
            files,
            output,
            anonymous=anonymous,
            pseudonyms=key_file,
            min_group=min_group,
            group_by=group_by,  # type: ignore[arg-type]
            include_text=include_text,
            password=password,
            language=language,
            progress=lambda _: bar.update(),
            jobs=jobs,
        )
    encrypted = " (encrypted)" if password is not None else ""
    click.echo(
        f"Wrote {output}{encrypted}: {len(overview.answers)} forms read, "
        f"{len(overview.failed)} failed."
    )
    for failure in overview.failed:
        click.echo(f"  {failure.source}: {failure.reason}", err=True)
    if overview.bugs:
        click.echo(
            f"{len(overview.bugs)} of these failed because of a fault in musforms, not in the "
            "file. Please report it (run 'musforms --debug read FILE' for the details).",
            err=True,
        )
    if overview.failed:
        sys.exit(EXIT_BAD_INPUT)


@cli.command()
@click.argument("key_file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing key (every pseudonym changes).")
def key(key_file: Path, force: bool) -> None:
    """Write a new random key for 'collect --pseudonyms', readable by you only.

    Keep the key safe and apart from the overviews: with it, pseudonyms can be
    traced back to names; without it, next year's pseudonyms will not match.

    \b
    Example:
      musforms key ~/hemmeligt/mus-noegle.txt
    """
    from musforms.collect import make_key

    make_key(key_file, force=force)
    click.echo(f"Wrote a new key to {key_file} (readable by you only). Keep it safe.")


@cli.command()
@click.argument("spec_file", required=False, type=click.Path(path_type=Path))
@click.option("--preset", "preset_name", help="Use a ready form instead of a spec file.")
@click.option(
    "--people", required=True, type=click.Path(path_type=Path), help="A .csv or .xlsx file."
)
@click.option("--out-dir", required=True, type=click.Path(path_type=Path), help="Where to write.")
@click.option(
    "-f",
    "--format",
    "formats",
    default="docx",
    show_default=True,
    help="The formats, comma-separated (docx, xlsx, ...; see 'musforms formats').",
)
@_AUDIENCE
@click.option(
    "--language", "-l", type=click.Choice(["da", "en"]), help="Override the form's language."
)
@click.option(
    "--bank", "bank_folder", type=click.Path(path_type=Path), help="A bank folder to add."
)
def batch(
    spec_file: Path | None,
    preset_name: str | None,
    people: Path,
    out_dir: Path,
    formats: str,
    audience: str | None,
    language: str | None,
    bank_folder: Path | None,
) -> None:
    """Write one personalised form per person of a people file.

    The people file has a header row with at least 'employee' (or 'medarbejder');
    'leader', 'department', 'date' and any other column are optional and usable
    as variables in texts. A row with a problem is reported by its line number
    (the header is line 1) and the others still go through; exit status 2 if any
    row was skipped. Files already up to date are not written again.

    \b
    Examples:
      musforms batch --preset kommune --people medarbejdere.csv --out-dir MUS
      musforms batch mus.yaml --people people.xlsx --out-dir out -f docx,xlsx
    """
    import time

    from musforms.batch import personalisable, run_batch

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    personalisable(chosen)  # an unknown format stops the run before any file is read
    spec = _load_spec(spec_file, preset_name, language)
    started = time.perf_counter()
    with _Progress("Writing") as bar:
        result = run_batch(
            spec,
            people,
            out_dir,
            formats=chosen,
            audience=audience,
            bank=_bank(bank_folder),
            progress=bar.update,
        )
    seconds = time.perf_counter() - started
    click.echo(
        f"Wrote {len(result.written)} files, {len(result.unchanged)} already up to date, "
        f"{len(result.problems)} rows skipped, in {seconds:.1f} s."
    )
    for problem in result.problems:
        click.echo(f"{people}:{problem.line}: skipped: {problem.reason}.", err=True)
    for path in result.kept:
        click.echo(
            f"{path}: not overwritten: it has been filled in. Move it away to make a new one.",
            err=True,
        )
    if not result.ok:
        sys.exit(EXIT_BAD_INPUT)


@cli.command()
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    envvar="MUSFORMS_CONFIG",
    help="A TOML file of settings ([serve] and [organisation]; see docs/operations.md).",
)
@click.option("--host", help="Address to listen on (default 127.0.0.1: this computer only).")
@click.option("--port", "-p", type=int, help="Port (default 8000).")
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    help="A name the service answers to, e.g. mus.kommune.local (repeatable; needed "
    "when --host is not 127.0.0.1).",
)
@click.option("--root-path", help="Serve under this sub-path, e.g. /mus.")
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    help="A reverse proxy (IP or network) whose X-Forwarded-* headers are believed (repeatable).",
)
@click.option("--workers", type=int, help="Worker processes (default 1).")
@click.option("--rate-limit", type=int, help="Requests a minute per client address (0: off).")
@click.option("--max-renders", type=int, help="Renders at once per worker (default 2).")
@click.option("--render-timeout", type=float, help="Seconds a render may take (default 10).")
@click.option("--max-request-bytes", type=int, help="Largest request body (default 2000000).")
@click.option(
    "--access-log/--no-access-log",
    default=None,
    help="One JSON line per request on standard error (route, status, duration).",
)
@click.option("--organisation", help="The organisation's name, filled in on a new form.")
@click.option(
    "--template", type=click.Path(path_type=Path), help="A Word template (.docx) for downloads."
)
@click.option(
    "--bank", "bank_folder", type=click.Path(path_type=Path), help="A bank folder to add."
)
@click.option("--preset", help="The ready form a new page starts from.")
@click.option("--language", type=click.Choice(["da", "en"]), help="The page's language.")
@click.option("--theme", help="The annual theme, filled in on a new form.")
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
def serve(config_file: Path | None, no_browser: bool, **options: Any) -> None:
    """Run the web MUS-automat: tick questions in a browser, download the form.

    The page needs no internet and answers this computer only (127.0.0.1)
    unless --host says otherwise. Stop it with Ctrl+C (or SIGTERM).

    musforms does no authentication of its own: on a network, put it behind
    the organisation's login (a reverse proxy with single sign-on).

    Every setting is also an environment variable (MUSFORMS_PORT, ...); a
    flag beats the environment, which beats the --config file.

    \b
    Examples:
      musforms serve
      musforms serve --port 8080 --bank mit_bank/ --no-browser
      musforms serve --config /etc/musforms/musforms.toml
    """
    from musforms.web.config import load_settings
    from musforms.web.serve import run

    names = {"bank_folder": ("organisation", "bank", "--bank")}
    names |= {"organisation": ("organisation", "name", "--organisation")}
    names |= {"allowed_hosts": ("serve", "allowed_hosts", "--allowed-host")}
    names |= {"trusted_proxies": ("serve", "trusted_proxies", "--trusted-proxy")}
    for key in ("template", "preset", "language", "theme"):
        names[key] = ("organisation", key, f"--{key}")
    flags: dict[tuple[Any, str], tuple[Any, str]] = {}
    for option, value in options.items():
        table, key, flag = names.get(option, ("serve", option, "--" + option.replace("_", "-")))
        if isinstance(value, tuple):
            value = list(value) or None
        flags[(table, key)] = (value, flag)
    flags[("serve", "access_log")] = (options["access_log"], "--access-log")
    flags[("serve", "open_browser")] = (False if no_browser else None, "--no-browser")
    settings = load_settings(config_file, env=os.environ, flags=flags)
    run(settings, echo=click.echo)


class _Progress:
    """``label done/total`` on one terminal line, updated in place; silent when not a terminal."""

    def __init__(self, label: str, total: int | None = None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.shown = sys.stderr.isatty()

    def update(self, done: int | None = None, total: int | None = None) -> None:
        self.done = self.done + 1 if done is None else done
        self.total = total or self.total
        if self.shown:
            of = f"/{self.total}" if self.total else ""
            click.echo(f"\r{self.label} {self.done}{of}", nl=False, err=True)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown and self.done:
            click.echo(err=True)


#: Commands after which the process may end at once: their files are written and closed,
#: and nothing of theirs runs at exit. ``serve`` is not one (its server shuts down itself).
_QUICK_EXIT = frozenset(
    {"bank", "build", "batch", "collect", "formats", "init", "key", "presets", "read", "redraw"}
)

#: New objects between two passes of the collector in a short command (Python's default: 700).
_QUICK_GC_THRESHOLD = 100_000


def main() -> None:
    """Run the command line (the ``musforms`` console script).

    Tearing down the interpreter after a build (freeing the bank, python-docx, lxml and
    pydantic objects one by one) costs ~100 ms, a fifth of ``musforms build``'s wall time.
    After a command of :data:`_QUICK_EXIT` the output is flushed and the process ends
    with ``os._exit``; everything else ends the usual way. ``MUSFORMS_SLOW_EXIT=1``
    turns this off (for tools that need ``atexit``, such as coverage).

    Such a command also runs the cyclic garbage collector less often: importing
    pydantic, python-docx and the bank makes hundreds of thousands of objects and
    frees few, so the collector's default passes (every 700 new objects) cost ~15 ms
    of a build and find almost nothing. A long-lived ``serve`` keeps the defaults.
    """
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    if command in _QUICK_EXIT:
        gc.set_threshold(_QUICK_GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        cli.main(prog_name="musforms", standalone_mode=True)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if command in _QUICK_EXIT and not os.environ.get("MUSFORMS_SLOW_EXIT"):
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
                    stream.flush()
            os._exit(code)
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
