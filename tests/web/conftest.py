"""Fixtures of the web MUS-automat's tests: the app, a client that speaks to it as localhost."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 package for its TestClient and warns when it finds
    # httpx instead; pyproject's test extra installs httpx. The warning is about packaging only.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from musforms.web.app import create_app


@pytest.fixture(scope="session")
def app() -> Starlette:
    return create_app()


@pytest.fixture()
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        yield test_client
