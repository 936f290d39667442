"""Demo data: sign-ins in the user pool, candidate records, and some months of history."""

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any

from certtrack import aws, clock, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.settings import get_settings
from certtrack.store.table import Operation
from certtrack_local.resources import ROOT

SEED = ROOT / "infra" / "local" / "seed.json"


def load() -> dict[str, Any]:
    return json.loads(SEED.read_text())


def seed() -> list[dict[str, Any]]:
    """Creates the demo data; returns the demo sign-ins (email, password, role) to print."""
    data = load()
    for account in data["accounts"]:
        subject = _sign_in(account)
        _record(account, logins={subject})
    for record in data["records"]:
        _record(record, logins=set(record.get("logins", [])))
    return [{k: a[k] for k in ("role", "email", "password", "first_name", "last_name")} for a in data["accounts"]]


def _sign_in(account: dict[str, Any]) -> str:
    idp = aws.client("cognito-idp")
    pool = get_settings().user_pool_id
    idp.admin_create_user(
        UserPoolId=pool,
        Username=account["email"],
        MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": account["email"]},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "given_name", "Value": account["first_name"]},
            {"Name": "family_name", "Value": account["last_name"]},
            {"Name": "custom:country", "Value": account["country"]},
        ],
    )
    idp.admin_set_user_password(
        UserPoolId=pool, Username=account["email"], Password=account["password"], Permanent=True
    )
    for group in account.get("groups", []):
        idp.admin_add_user_to_group(UserPoolId=pool, Username=account["email"], GroupName=group)
    user = idp.admin_get_user(UserPoolId=pool, Username=account["email"])
    return next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")


def _record(data: dict[str, Any], *, logins: set[str]) -> None:
    cid = data["candidate_id"]
    extra = {k: data[k] for k in ("company", "job_title", "phone", "vue_id", "credly_id") if k in data}
    if logins:
        extra.update(logins=logins, mapping="mapped")
    profile = repo.profile_item(
        cid,
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        country=data["country"],
        **extra,
    )
    ops = repo.create_candidate_ops(profile)
    ops += [repo.login_op(s, cid, "mapped", data["email"], new=True) for s in logins]
    if "address" in data:
        ops.append(
            Operation.put({**repo.candidate_key(cid, keys.address("mailing")), "type": "address", **data["address"]})
        )
    if "settings" in data:
        ops.append(Operation.put({**repo.candidate_key(cid, keys.settings()), "type": "settings", **data["settings"]}))
    repo.table.transact(ops)
    _facts(data)


def _facts(data: dict[str, Any]) -> None:
    """Exam results and CE credits as the partners deliver them; the engine derives the rest."""
    from partners.models import CeCreditIn, ExamResultIn
    from partners.service import record_ce_credit, record_exam_result

    cid = data["candidate_id"]
    today = clock.today()
    if data.get("agreement"):
        from certifications.models import AgreementAcceptance
        from certifications.service import accept

        # accepted when the candidate first signed in, before their first exam
        first = max((e["days_ago"] for e in data.get("exams", [])), default=0) + 1
        with clock.pinned(datetime.combine(today - timedelta(days=first), time(12), UTC)):
            accept(cid, AgreementAcceptance(version=get_catalog().current_agreement(clock.today()).version))
    for n, exam in enumerate(data.get("exams", [])):
        record_exam_result(
            ExamResultIn(
                result_id=f"SEED-{cid}-{n}",
                candidate_id=cid,
                exam_code=exam["code"],
                taken_on=today - timedelta(days=exam["days_ago"]),
                score=exam["score"],
                passing_score=exam["passing_score"],
                passed=exam["score"] >= exam["passing_score"],
                sections=exam.get("sections", []),
                delivery=exam.get("delivery", "test_center"),
            )
        )
    for n, credit in enumerate(data.get("ce", [])):
        record_ce_credit(
            CeCreditIn(
                credit_id=f"SEED-{cid}-CE{n}",
                candidate_id=cid,
                activity=credit["activity"],
                provider=credit["provider"],
                credits=credit["credits"],
                completed_on=today - timedelta(days=credit["days_ago"]),
            )
        )
