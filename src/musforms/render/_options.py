"""Options more than one format takes, declared once so they read the same everywhere."""

from __future__ import annotations

from musforms.kinds import SHEETS
from musforms.render import Option

__all__ = ["AUDIENCE", "PASSWORD", "PROTECT_WORD", "TEMPLATE"]

AUDIENCE = Option(
    "audience",
    "whose sheet: the conversation form, a preparation sheet (employee, leader), or a "
    "colleague's; by default the form type's main sheet",
    kind="choice",
    choices=SHEETS,
)
TEMPLATE = Option(
    "template",
    "an organisation's own Word document (.docx or .dotx) whose styles, header and logo the "
    "form takes",
    kind="path",
)
PROTECT_WORD = Option(
    "protect", "allow only filling in the fields (Word's forms protection)", kind="flag"
)
PASSWORD = Option("password", "a password for the workbook's protection", kind="text")
