"""The ``musforms`` command line: one short function per command (parse, call, print).

Heavy libraries load inside the commands that need them, so that
``musforms --help`` and ``musforms --version`` stay fast.
"""

from __future__ import annotations

import io
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from musforms import __version__

if TYPE_CHECKING:
    from musforms.bank.questionbank import QuestionBank
    from musforms.form import Form
    from musforms.bank.model import Language
    from musforms.spec import FormSpec

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

OUTPUT_FORMATS = (".docx", ".xlsx", ".json", ".html", ".yaml", ".yml")


class _Group(click.Group):
    """A group that turns input errors into one line and exit 2, and bugs into exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from musforms.errors import MusformsError

        try:
            return super().invoke(ctx)
        except MusformsError as exc:
            if ctx.obj and ctx.obj.get("debug"):
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
                traceback.print_exc()
            click.echo(
                f"musforms: internal error ({exc.__class__.__name__}: {exc}). This is a bug in "
                "musforms; run again with --debug for the details and report it.",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _fail(message: str) -> NoReturn:
    """Stop with exit status 2 and ``message``, as for any input error."""
    from musforms.errors import MusformsError

    raise MusformsError(message)


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


def _bank(folder: Path | None) -> QuestionBank:
    from musforms.bank.load import load_bank

    return load_bank(folder)


@cli.command()
@click.option("--category", "-c", multiple=True, help="Only this category (repeatable).")
@click.option("--search", "-s", "query", help="Only questions containing these words.")
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
            _fail(
                f"unknown category '{name}'."
                + (f" Did you mean {', '.join(hint)}?" if hint else "")
            )
    selected = question_bank.filter(category=category or None, tag=tag, kind=kind or None)  # type: ignore[arg-type]
    if query:
        found = {q.id for q in question_bank.search(query)}
        selected = [q for q in selected if q.id in found]
    chosen = {q.id for q in selected}
    categories = [c for c in question_bank.categories if any(q.id in chosen for q in c.questions)]
    if as_json:
        data = {
            "categories": [
                {
                    "id": c.id,
                    "title": c.title.model_dump(),
                    "order": c.order,
                    "questions": [
                        q.model_dump(mode="json", exclude_none=True)
                        for q in c.questions
                        if q.id in chosen
                    ],
                }
                for c in categories
            ]
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    lang: Language = "en" if language == "en" else "da"
    for c in categories:
        click.secho(f"{c.title.get(lang)}  [{c.id}]", bold=True)
        for q in c.questions:
            if q.id in chosen:
                click.echo(f"  {q.id:<38} {q.kind:<16} {q.text.get(lang)}")
    click.echo(f"{len(chosen)} questions in {len(categories)} categories.", err=True)


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
        _fail(f"{spec_file}: the file exists already. Choose another name, or add --force")
    spec = preset(preset_name, "en" if language == "en" else "da" if language else None)
    spec.to_file(spec_file)
    click.echo(f"Wrote {spec_file} (from the preset '{preset_name}'). Edit it, then run:")
    click.echo(f"  musforms build {spec_file} -o MUS.docx")


def _load_spec(spec_file: Path | None, preset_name: str | None, language: str | None) -> FormSpec:
    from musforms._presets import preset
    from musforms.spec import FormSpec

    if (spec_file is None) == (preset_name is None):
        _fail("give a spec file or --preset NAME (one of them). See 'musforms presets'")
    lang = "en" if language == "en" else "da" if language else None
    if preset_name is not None:
        return preset(preset_name, lang)  # type: ignore[arg-type]
    assert spec_file is not None
    spec = FormSpec.from_file(spec_file)
    if lang is not None:
        spec.language = lang  # type: ignore[assignment]
    return spec


def _render(form: Form, target: Path, audience: str, template: Path | None, protect: bool) -> bytes:
    """Return the bytes of ``form`` in the format ``target``'s suffix names."""
    suffix = target.suffix.lower()
    if suffix == ".json":
        return (json.dumps(form.json_schema(), ensure_ascii=False, indent=2) + "\n").encode()
    if suffix == ".html":
        return form.to_html().encode("utf-8")
    if suffix in {".yaml", ".yml"}:
        return form.spec.to_yaml().encode("utf-8")
    buffer = io.BytesIO()
    if suffix == ".docx":
        form.to_docx(buffer, audience=audience, template=template, protect=protect)  # type: ignore[arg-type]
    elif suffix == ".xlsx":
        form.to_xlsx(buffer, protect=True)
    return buffer.getvalue()


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
    help=(
        "Output file; the suffix sets the format: .docx .xlsx .json (JSON Schema) "
        ".html .yaml (the spec). Repeatable."
    ),
)
@click.option(
    "--audience",
    type=click.Choice(["conversation", "employee", "leader"]),
    default="conversation",
    show_default=True,
    help="Whose Word document: the conversation form or a preparation sheet.",
)
@click.option(
    "--template", type=click.Path(path_type=Path), help="An organisation's own .docx to fill."
)
@click.option("--protect", is_flag=True, help="Word: allow only filling in the fields.")
@click.option(
    "--language", "-l", type=click.Choice(["da", "en"]), help="Override the form's language."
)
@click.option(
    "--bank", "bank_folder", type=click.Path(path_type=Path), help="A bank folder to add."
)
def build(
    spec_file: Path | None,
    preset_name: str | None,
    outputs: tuple[Path, ...],
    audience: str,
    template: Path | None,
    protect: bool,
    language: str | None,
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
    """
    from musforms._atomic import write_atomically
    from musforms.form import MINUTES_LIMIT, build_form

    for target in outputs:
        if target.suffix.lower() not in OUTPUT_FORMATS:
            _fail(
                f"{target}: cannot tell the format from '{target.suffix}'. "
                f"Use one of {' '.join(OUTPUT_FORMATS)}"
            )
    spec = _load_spec(spec_file, preset_name, language)
    form = build_form(spec, _bank(bank_folder))
    if form.too_long:
        click.echo(
            f"Warning: the form has {len(form.questions)} questions, about "
            f"{form.estimated_minutes} minutes of conversation; a MUS should fit in "
            f"{MINUTES_LIMIT}. Consider removing questions.",
            err=True,
        )
    rendered = [(target, _render(form, target, audience, template, protect)) for target in outputs]
    for target, data in rendered:
        write_atomically(target, data)
        click.echo(f"Wrote {target}")


def main() -> None:
    """Run the command line (the ``musforms`` console script)."""
    cli.main(prog_name="musforms")


if __name__ == "__main__":  # pragma: no cover
    main()
