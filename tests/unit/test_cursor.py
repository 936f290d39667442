"""Pagination cursors: what a page's last key becomes in `next_cursor`, and back; a cursor the API
did not issue (edited, truncated, signed with another secret) or issued to someone else is a 400
naming `cursor`."""

import base64
import json

import pytest

from certtrack import cursor
from certtrack.errors import InvalidInput
from certtrack.settings import get_settings

OWNER = "CSCO12345678"
LAST_KEY = {
    "pk": "CAND#CSCO12345678",
    "sk": "E#EXAM#2026-01-02#R-1",
    "gsi1pk": "CASES#open",
    "gsi1sk": "2026-01-02T10:00:00.000+00:00#SC-AB12",
}


@pytest.fixture(autouse=True)
def settings(monkeypatch):
    """The settings a cursor needs (the secret), without any AWS."""
    for name, value in {
        "TABLE_NAME": "unit-table",
        "USER_POOL_ID": "us-east-1_unit",
        "USER_POOL_CLIENT_ID": "unit-client",
        "CURSOR_SECRET": "unit-test-cursor-secret",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def with_secret(monkeypatch, secret: str) -> None:
    monkeypatch.setenv("CURSOR_SECRET", secret)
    get_settings.cache_clear()


def assert_not_ours(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        cursor.decode(value, owner=OWNER)
    assert refused.value.field == "cursor"
    assert refused.value.status == 400


def test_a_last_key_round_trips_through_a_url_safe_cursor():
    encoded = cursor.encode(LAST_KEY, owner=OWNER)
    assert encoded
    assert set(encoded) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert cursor.decode(encoded, owner=OWNER) == LAST_KEY


def test_no_last_key_means_no_cursor_and_no_cursor_means_the_first_page():
    assert cursor.encode(None, owner=OWNER) is None
    assert cursor.encode({}, owner=OWNER) is None
    assert cursor.decode(None, owner=OWNER) is None
    assert cursor.decode("", owner=OWNER) is None


def test_the_same_key_always_gives_the_same_cursor():
    reordered = dict(reversed(list(LAST_KEY.items())))
    assert cursor.encode(LAST_KEY, owner=OWNER) == cursor.encode(reordered, owner=OWNER)


# (not the last character: some of its bits may be padding that decoding ignores)
@pytest.mark.parametrize("position", [0, 5, 21, 40, -3])
def test_a_cursor_with_one_character_changed_is_refused(position):
    encoded = cursor.encode(LAST_KEY, owner=OWNER)
    position %= len(encoded)
    flipped = "A" if encoded[position] != "A" else "B"
    tampered = encoded[:position] + flipped + encoded[position + 1 :]
    assert tampered != encoded
    assert_not_ours(tampered)


def test_a_cursor_whose_key_was_rewritten_to_another_candidate_is_refused():
    # GIVEN a cursor, and its payload edited to point into another candidate's partition
    raw = base64.urlsafe_b64decode(cursor.encode(LAST_KEY, owner=OWNER) + "==")
    mac, payload = raw[:16], raw[16:]
    edited = payload.replace(b"CSCO12345678", b"CSCO87654321")
    forged = base64.urlsafe_b64encode(mac + edited).decode().rstrip("=")
    # THEN it is refused
    assert_not_ours(forged)


@pytest.mark.parametrize("value", ["not-a-cursor", "%%%", "e30", "A" * 8, "====", "\u00e9t\u00e9"])
def test_garbage_is_refused_as_not_a_cursor(value):
    assert_not_ours(value)


def test_a_cursor_cut_short_is_refused():
    encoded = cursor.encode(LAST_KEY, owner=OWNER)
    assert_not_ours(encoded[: len(encoded) // 2])


def test_a_cursor_signed_with_another_secret_is_refused(monkeypatch):
    with_secret(monkeypatch, "another-deployment-secret")
    foreign = cursor.encode(LAST_KEY, owner=OWNER)
    with_secret(monkeypatch, "unit-test-cursor-secret")
    assert_not_ours(foreign)


def test_a_correctly_signed_payload_that_is_not_a_key_is_refused():
    # A signature over a list (not a key object) is still not a cursor this API issues.
    payload = json.dumps(["pk", "sk"]).encode()
    forged = base64.urlsafe_b64encode(cursor._mac(OWNER, payload) + payload).decode().rstrip("=")
    assert_not_ours(forged)


def test_a_cursor_issued_to_one_candidate_is_refused_for_another():
    # GIVEN a cursor issued to one candidate (or one administrator's list)
    issued = cursor.encode(LAST_KEY, owner=OWNER)
    # THEN it reads back for them only
    assert cursor.decode(issued, owner=OWNER) == LAST_KEY
    with pytest.raises(InvalidInput) as refused:
        cursor.decode(issued, owner="CSCO87654321")
    assert refused.value.field == "cursor"
