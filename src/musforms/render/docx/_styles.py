"""The styles a musforms document uses, found (or added) once per document.

python-docx looks a style up by scanning every style on each call, about a
quarter of its build time (NOTES.md); here every style id is resolved once
into a :class:`StyleIds`. An organisation's template keeps its own look: its
``Normal``, ``Title`` and headings are used as they are (found by their
built-in names, so a Danish Word's ``Overskrift1`` works), and only the
styles it lacks are added. The document's language goes on the defaults and
on every style that names a language, so Word's spelling checker picks the
form's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from musforms.ooxml.wml import nsdecls, qn
from musforms.render.docx._xml import add, el

__all__ = ["ACCENT", "BODY_FONT", "StyleIds", "ensure_styles", "language_tag", "set_language"]

#: The body font: in every Word, and metric-compatible Liberation Sans stands
#: in for it in LibreOffice, so pages break the same.
BODY_FONT = "Arial"
ACCENT = "1F4E79"
GREY = "595959"
LABEL_SHADE = "DCE6F2"


@dataclass(frozen=True)
class StyleIds:
    """The style ids this document uses, each looked up once."""

    normal: str
    title: str
    subtitle: str
    heading1: str
    heading2: str
    question: str
    help: str
    label: str
    table_text: str
    table_header: str
    answer: str
    note: str
    header: str
    footer: str
    placeholder: str


def _rpr(
    half_points: int, *, color: str | None = None, bold: bool = False, italic: bool = False
) -> str:
    """Return a ``w:rPr`` in the schema's order: bold, italic, colour, size."""
    return (
        "<w:rPr>"
        + ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + (f'<w:color w:val="{color}"/>' if color else "")
        + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def _spacing(before: int | None = None, after: int | None = None, line: int | None = None) -> str:
    attrs = "".join(
        f' w:{name}="{value}"'
        for name, value in (("before", before), ("after", after), ("line", line))
        if value is not None
    )
    rule = ' w:lineRule="auto"' if line else ""
    return f"<w:spacing{attrs}{rule}/>"


_NEXT = '<w:next w:val="{normal}"/><w:qFormat/>'
_KEEP = "<w:keepNext/><w:keepLines/>"
_RULE = f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="2" w:color="{ACCENT}"/></w:pBdr>'
_BAR = (
    f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{ACCENT}"/></w:pBdr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="F2F5F9"/>'
)
_TABS = '<w:tabs><w:tab w:val="center" w:pos="4819"/><w:tab w:val="right" w:pos="9638"/></w:tabs>'
_FONTS = (
    f'<w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"'
    f' w:eastAsia="{BODY_FONT}"/>'
)
_HANGING = '<w:ind w:left="397" w:hanging="397"/>'

# Each added style: (id, type, name, basedOn key or "", XML inside w:style after w:name
# and w:basedOn). "{normal}" is replaced by the resolved id of Normal.
_DEFINITIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Normal", "paragraph", "Normal", "",
     f"<w:qFormat/><w:pPr>{_spacing(after=120, line=264)}</w:pPr>"
     f'<w:rPr>{_FONTS}<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'),
    ("Title", "paragraph", "Title", "normal",
     f'{_NEXT}<w:pPr><w:keepNext/>{_spacing(0, 60)}<w:outlineLvl w:val="9"/></w:pPr>'
     + _rpr(40, color=ACCENT, bold=True)),
    ("Subtitle", "paragraph", "Subtitle", "normal",
     f"{_NEXT}<w:pPr><w:keepNext/>{_spacing(after=240)}</w:pPr>{_rpr(24, color=GREY)}"),
    ("Heading1", "paragraph", "heading 1", "normal",
     f'{_NEXT}<w:pPr>{_KEEP}{_RULE}{_spacing(360, 120)}<w:outlineLvl w:val="0"/></w:pPr>'
     + _rpr(28, color=ACCENT, bold=True)),
    ("Heading2", "paragraph", "heading 2", "normal",
     f'{_NEXT}<w:pPr>{_KEEP}{_spacing(240, 60)}<w:outlineLvl w:val="1"/></w:pPr>'
     + _rpr(23, color=ACCENT, bold=True)),
    ("MUSQuestion", "paragraph", "MUS Question", "heading2",
     f'{_NEXT}<w:pPr>{_KEEP}{_spacing(220, 60)}{_HANGING}<w:outlineLvl w:val="1"/></w:pPr>'
     + _rpr(21, color="262626", bold=True)),
    ("MUSHelp", "paragraph", "MUS Help", "normal",
     f'<w:next w:val="{{normal}}"/><w:pPr>{_KEEP}{_spacing(after=80)}<w:ind w:left="397"/>'
     f"</w:pPr>{_rpr(18, color=GREY, italic=True)}"),
    ("MUSLabel", "paragraph", "MUS Label", "normal",
     f"<w:pPr><w:keepNext/>{_spacing(0, 0)}</w:pPr>{_rpr(17, color=GREY, bold=True)}"),
    ("MUSTableText", "paragraph", "MUS Table Text", "normal",
     f"<w:pPr>{_spacing(0, 0, 240)}</w:pPr>{_rpr(19)}"),
    ("MUSTableHeader", "paragraph", "MUS Table Header", "normal",
     f"<w:pPr><w:keepNext/>{_spacing(0, 0, 240)}</w:pPr>{_rpr(18, color='1F3864', bold=True)}"),
    ("MUSAnswer", "paragraph", "MUS Answer", "normal",
     f"<w:pPr>{_spacing(0, 0)}</w:pPr>"),
    ("MUSNote", "paragraph", "MUS Note", "normal",
     f'<w:pPr>{_BAR}{_spacing(120, 120)}<w:ind w:left="170" w:right="170"/></w:pPr>'),
    ("Header", "paragraph", "header", "normal",
     f"<w:pPr>{_TABS}{_spacing(after=0)}</w:pPr>{_rpr(17, color=GREY)}"),
    ("Footer", "paragraph", "footer", "normal",
     f"<w:pPr>{_TABS}{_spacing(after=0)}</w:pPr>{_rpr(17, color=GREY)}"),
    ("PlaceholderText", "character", "Placeholder Text", "",
     '<w:semiHidden/><w:rPr><w:color w:val="808080"/></w:rPr>'),
)  # fmt: skip

# StyleIds field -> our style id in _DEFINITIONS.
_FIELDS = {
    "normal": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "question": "MUSQuestion",
    "help": "MUSHelp",
    "label": "MUSLabel",
    "table_text": "MUSTableText",
    "table_header": "MUSTableHeader",
    "answer": "MUSAnswer",
    "note": "MUSNote",
    "header": "Header",
    "footer": "Footer",
    "placeholder": "PlaceholderText",
}


def ensure_styles(styles: etree._Element) -> StyleIds:
    """Return the ids of the styles musforms uses in ``styles`` (``w:styles``), adding missing ones.

    Styles are matched by type and by name, case-insensitively, because
    built-in styles keep their English name (``heading 1``) in every
    language's Word while their ids are translated.
    """
    by_name: dict[tuple[str, str], str] = {}
    ids: set[str] = set()
    for style in styles.iterfind(qn("w:style")):
        style_id = style.get(qn("w:styleId")) or ""
        ids.add(style_id)
        name_element = style.find(qn("w:name"))
        if name_element is not None:
            kind = style.get(qn("w:type")) or "paragraph"
            key = (kind, (name_element.get(qn("w:val")) or "").lower())
            by_name.setdefault(key, style_id)
    resolved: dict[str, str] = {}
    key_of = {ours: field for field, ours in _FIELDS.items()}
    for ours, kind, name, based_on, inner in _DEFINITIONS:
        found = by_name.get((kind, name.lower()))
        if found is not None:
            resolved[key_of[ours]] = found
            continue
        style_id = ours
        while style_id in ids:  # an unrelated style took our id: pick a free one
            style_id += "1"
        ids.add(style_id)
        resolved[key_of[ours]] = style_id
        styles.append(_style(style_id, kind, name, resolved.get(based_on, ""), inner, resolved))
    return StyleIds(**resolved)


def _style(
    style_id: str, kind: str, name: str, based_on: str, inner: str, resolved: dict[str, str]
) -> etree._Element:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    body = inner.replace("{normal}", resolved.get("normal", "Normal"))
    default = ' w:default="1"' if style_id == "Normal" and kind == "paragraph" else ""
    xml = (
        f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{style_id}"{default}>'
        f'<w:name w:val="{name}"/>{based}{body}</w:style>'
    )
    element: etree._Element = etree.fromstring(xml)
    return element


def language_tag(language: str) -> str:
    """Return the Word language tag of a form language: ``da-DK`` or ``en-GB``."""
    return "en-GB" if language == "en" else "da-DK"


# Elements that must come after w:lang in a w:rPr (the schema's order).
_AFTER_LANG = {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath")}


def set_language(styles: etree._Element, language: str) -> None:
    """Set the proofing language of the document defaults and every style that names one."""
    tag = language_tag(language)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = add(rpr_default, "w:rPr")
    targets = [rpr, *styles.iterfind(f"{qn('w:style')}/{qn('w:rPr')}[{qn('w:lang')}]")]
    for target in targets:
        lang = target.find(qn("w:lang"))
        if lang is None:
            lang = el("w:lang")
            later = [child for child in target if child.tag in _AFTER_LANG]
            if later:
                later[0].addprevious(lang)
            else:
                target.append(lang)
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
