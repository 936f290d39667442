"""Logs are structured and never carry passwords, tokens or addresses."""

import contextlib
import json
import sys
from collections.abc import Iterator

from conftest import ADDRESS, PASSWORD


def test_sign_in_and_address_changes_leave_no_secret_or_address_in_the_logs(api, users, capfd, caplog):
    from certtrack.observability import logger

    logger.setLevel("DEBUG")
    user = users.signup()
    api.get("/me", token=user.id_token)
    api.put("/me/addresses/mailing", ADDRESS, token=user.id_token)
    api.put("/me/addresses/mailing", {**ADDRESS, "line1": "PO Box 1"}, token=user.id_token)
    api.post("/auth/login", {"email": user.email, "password": "wrong-password-1A"})
    api.get("/me", token=user.id_token + "x")
    out = capfd.readouterr()
    # every record with its structured fields (extra keys), as the JSON formatter would emit them
    records = "\n".join(repr(vars(r)) for r in caplog.records)
    logs = out.out + out.err + caplog.text + records
    messages = [r.getMessage() for r in caplog.records]
    assert "token refused" in messages  # the logs were on
    assert any(getattr(r, "field", None) == "line1" for r in caplog.records)  # refusals carry their fields
    for secret in (PASSWORD, "wrong-password-1A", user.id_token, user.refresh_token, ADDRESS["line1"], "PO Box 1"):
        assert secret not in logs
    logger.setLevel("WARNING")


@contextlib.contextmanager
def json_logs_on_stdout() -> Iterator[None]:
    """Points the Powertools logger (built at import, on the stdout of that moment) at the current
    stdout — capsys's, inside a test — at DEBUG, and back afterwards."""
    from certtrack.observability import logger

    handler = logger.registered_handler
    stream, level = handler.stream, logger.log_level
    handler.setStream(sys.stdout)
    logger.setLevel("DEBUG")
    try:
        yield
    finally:
        handler.setStream(stream)
        logger.setLevel(level)


def test_a_login_through_the_api_logs_neither_the_password_nor_any_token(api, users, capsys, caplog):
    # GIVEN an account
    user = users.signup()
    # WHEN it logs in, fails a login, uses and refreshes its tokens, and a broken token is tried
    with json_logs_on_stdout():
        login = api.post("/auth/login", {"email": user.email, "password": PASSWORD})
        assert login.status == 200
        assert api.post("/auth/login", {"email": user.email, "password": "Wrong-pass-42"}).status == 401
        assert api.get("/me", token=login.body["id_token"]).status == 200
        refreshed = api.post("/auth/refresh", {"refresh_token": login.body["refresh_token"]})
        assert refreshed.status == 200
        header, payload, signature = login.body["id_token"].split(".")
        assert api.get("/me", token=f"{header}.{payload}.{signature[::-1]}").status in (401, 403)
    # THEN the JSON logs on stdout show the requests were logged ...
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    messages = {r.get("message") for r in records}
    assert {"token refused", "refused", "candidate created"} <= messages, messages
    assert all({"level", "message", "service"} <= set(r) for r in records)
    # ... and no log output carries the password or any part of a token
    logs = out + err + caplog.text
    secrets = [
        PASSWORD,
        "Wrong-pass-42",
        login.body["id_token"],
        payload,
        signature,
        login.body["access_token"],
        login.body["refresh_token"],
        refreshed.body["id_token"],
        refreshed.body["access_token"],
    ]
    for secret in secrets:
        assert secret not in logs
