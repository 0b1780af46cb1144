"""The spec itself as a format: ``-o mus.yaml`` saves what was built, to edit or build again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from musforms.render import Option, register
from musforms.render._base import BytesRenderer

if TYPE_CHECKING:
    from musforms.form import Form
    from musforms.spec import FormSpec

__all__ = ["SPEC"]

#: The spec to save, where it is not the form's own (the web page keeps ``template:``
#: in the saved spec, but builds its forms without it).
_SPEC = Option("spec", "the spec to save instead of the form's own", kind="spec")


def _spec_file(form: Form, *, spec: FormSpec | None = None) -> bytes:
    return (spec or form.spec).to_yaml().encode("utf-8")


SPEC = register(
    BytesRenderer(
        make=_spec_file,
        name="spec",
        suffixes=(".yaml", ".yml"),
        media_type="application/yaml; charset=utf-8",
        title={"da": "Gemt skema", "en": "Saved form"},
        description={
            "da": "det gemte skema, til at rette i eller bygge igen næste år",
            "en": "the saved form, to edit or build again next year",
        },
        options={"spec": _SPEC},
    )
)
