"""The web MUS-automat never fails on what a browser (or anyone) may send.

F001: any value in any field, hidden JSON included, gives a page or a file, never a 500.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.testclient import TestClient

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    [
        "title",
        "intro",
        "spec",
        "required",
        "options",
        "text",
        "id",
        "scale",
        "kind",
        "items",
        "key",
        "category",
        "custom",
        "keep",
        "da",
        "en",
        "year",
        "template",
        "variables",
        "faces",
        "help",
        "rows",
        "competences",
    ]
)
SHAPED = st.dictionaries(KEYS, JSON, max_size=5)
IDS = st.sampled_from(
    [
        "trivsel.trivsel_nu",
        "opgaver.resultater",
        "kompetencer.kompetencehjul",
        "afslutning.udviklingsplan",
        "custom:c1",
        "custom:c2",
        "x.y",
        "",
    ]
)
TEXT = st.text(max_size=40) | st.sampled_from(["{{ year }}", "{{ x.y }}", "{% if %}", "=1+1"])


@st.composite
def page_fields(draw: Any) -> dict[str, Any]:
    layout = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "key": st.sampled_from(["s1", "s2", "bad key", ""]),
                    "items": st.lists(IDS, max_size=4),
                },
                optional={
                    "title": JSON,
                    "category": st.sampled_from(["trivsel", "nope", "Bad"]),
                    "custom": JSON,
                    "keep": SHAPED,
                },
            ),
            max_size=3,
        )
        | JSON
    )
    return {
        "lang": draw(st.sampled_from(["da", "en", "xx"])),
        "title": draw(TEXT),
        "organisation": draw(TEXT),
        "language": draw(st.sampled_from(["da", "en", "de", ""])),
        "theme": draw(TEXT),
        "intro": draw(TEXT),
        "q": draw(st.lists(IDS, max_size=4)),
        "cq": draw(st.lists(st.sampled_from(["c1", "c2", "C3", "../x"]), max_size=3)),
        "cq_text.c1": draw(TEXT),
        "cq_kind.c1": draw(
            st.sampled_from(["choice", "scale", "competence_wheel", "long_text", "x"])
        ),
        "cq_options.c1": draw(TEXT),
        "cq_keep.c1": json.dumps(draw(SHAPED)),
        "cq_text.c2": draw(TEXT),
        "keep": json.dumps(draw(SHAPED)),
        "layout": json.dumps(layout),
        "new_text": draw(TEXT),
        "format": draw(st.sampled_from(["spec", "schema", "nope"])),
    }


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=page_fields())
def test_no_submission_makes_the_server_fail(
    app: Starlette, fields: dict[str, Any]
) -> None:  # F001
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:  # raises on a server error
        for path in ("/preview", "/download", "/"):
            response = client.post(path, data=fields)
            assert response.status_code in {200, 400}, (path, response.status_code)
