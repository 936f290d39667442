"""What every portal test shares beyond `tests/conftest.py`."""

from collections.abc import Iterator

import pytest
from browser.support import watch
from playwright.sync_api import Page


@pytest.fixture
def no_script_errors(browser_page: Page) -> Iterator[list[str]]:
    """Fails a test whose page threw or logged an error; a test with a second page watches it into
    the list this yields. Chromium's own "Failed to load resource" lines are left out (`watch`): the
    API answers 4xx by design (a refused claim or challenge, 404 for an address not yet saved, 400
    for a P.O. Box), and the pages handle those answers."""
    problems: list[str] = []
    watch(browser_page, problems)
    yield problems
    assert problems == []
