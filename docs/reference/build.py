"""Build the API reference of musforms from its docstrings with pdoc.

Usage::

    python docs/reference/build.py [OUTPUT_FOLDER]

The reference is HTML, written to ``build/reference`` by default (not
committed). Only the public modules are documented, each page on its own: the
private helpers (``musforms._*``) and the renderers stay out. The build fails
(exit status 1) when pdoc warns about anything, such as a docstring it cannot
parse or an annotation it cannot resolve, so that the reference never goes
stale quietly. Exit status 2 means pdoc is not installed (``pip install
'pdoc>=14'``).
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = ROOT / "build" / "reference"

#: The public modules, in the order the reference lists them.
MODULES = (
    "musforms",
    "musforms.bank",
    "musforms.spec",
    "musforms.form",
    "musforms.answers.model",
    "musforms.answers.read",
    "musforms.collect",
    "musforms.batch",
    "musforms.errors",
)


def pdoc_specs(modules: Sequence[str] = MODULES) -> list[str]:
    """Return pdoc's module specifications for exactly ``modules``, without their submodules.

    pdoc documents a package together with all its submodules; a ``!pattern``
    after each package takes those out again, so that only the listed
    modules get a page.
    """
    specs: list[str] = []
    for name in modules:
        specs += [name, "!" + re.escape(name) + r"\."]
    return specs


def build(output: Path) -> list[str]:
    """Write the reference into ``output`` and return pdoc's warnings (empty when clean).

    Raises:
        ModuleNotFoundError: pdoc is not installed.
    """
    import pdoc
    import pdoc.render

    pdoc.render.configure(
        docformat="google",
        footer_text="musforms API reference",
        show_source=True,
        search=True,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*pdoc_specs(), output_directory=output)
    return [f"{w.category.__name__}: {w.message}" for w in caught]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the build from the command line and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"the folder to write (default: {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    try:
        problems = build(args.output)
    except ModuleNotFoundError as exc:
        if exc.name != "pdoc":
            raise
        print("pdoc is not installed: pip install 'pdoc>=14'", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} warning(s): the reference is not clean.", file=sys.stderr)
        return 1
    print(f"Wrote the API reference to {args.output}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
