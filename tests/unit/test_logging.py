"""Logs are structured and never carry passwords, tokens or addresses."""

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
