"""Transcripts a candidate discloses to third parties (guide §9): a link carrying an unguessable
token, or the transcript id with a short verification code read over the phone.

The link's token (128 random bits) is stored only as its SHA-256; the code (50 bits, checked
together with the id and rate-limited in front of the API) and the viewer's address only as keyed
hashes. What a recipient sees is computed when they look — a certification that expired after the
sharing shows expired — and comes with a JWS of the same content signed by the badge issuer's key,
so that it can be kept and checked again offline against the published JWKS.
"""

import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.badges import credential, jws
from certtrack.catalog import get_catalog
from certtrack.certs.events import evaluate_candidate
from certtrack.errors import Gone, InvalidInput, NotFound
from certtrack.rules.engine import CertState
from certtrack.settings import get_settings
from certtrack.store import transcripts as store
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.facts import ExamResultItem
from certtrack.store.items.transcripts import TranscriptItem, TranscriptViewItem
from certtrack.store.table import TransactionConflict
from transcripts.models import TranscriptIn

DEFAULT_DAYS = 90
MAX_DAYS = 365
#: Crockford's base 32: no I, L, O or U, so a code read aloud is not misheard.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
#: "Every certification held" (the default): those active or expired as of the viewing.
HELD = ("active", "expired")


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _keyed(purpose: str, value: str) -> str:
    """HMAC-SHA256 under a key derived for `purpose` from the deployment's secret."""
    key = hmac.new(get_settings().cursor_secret.encode(), f"transcripts:{purpose}".encode(), hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _normal_code(code: str) -> str:
    """What was read aloud or typed, as issued: case, spaces and dashes ignored, look-alikes folded."""
    return "".join(c for c in code.upper().translate(_READ_AS) if c in _ALPHABET)


def status(item: TranscriptItem, today: date) -> str:
    if item.revoked_at:
        return "revoked"
    if date.fromisoformat(item.expires_on) < today:
        return "expired"
    return "active"


def create(candidate_id: str, request: TranscriptIn) -> dict[str, Any]:
    today = clock.today()
    expires_on = request.expires_on or today + timedelta(days=DEFAULT_DAYS)
    if expires_on <= today:
        raise InvalidInput("expires_on: must be after today", field="expires_on")
    if expires_on > today + timedelta(days=MAX_DAYS):
        raise InvalidInput(
            f"expires_on: at most a year ahead ({(today + timedelta(days=MAX_DAYS)).isoformat()})", field="expires_on"
        )
    if request.include_scores and not request.include_exams:
        raise InvalidInput("include_scores: scores are shown only with include_exams", field="include_scores")
    cert_ids = None
    if request.cert_ids is not None:
        evaluation, _ = evaluate_candidate(candidate_id)
        held = {s.cert_id for s in evaluation.current() if s.status in ("active", "expired")}
        missing = [c for c in request.cert_ids if c not in held]
        if missing:
            raise InvalidInput(f"cert_ids: {', '.join(missing)} is not a certification you hold", field="cert_ids")
        cert_ids = list(dict.fromkeys(request.cert_ids))
    for _ in range(3):
        transcript_id, code, token = _random(10), _random(10), secrets.token_urlsafe(16)
        item = TranscriptItem(
            **TranscriptItem.key_of(candidate_id, transcript_id),
            transcript_id=transcript_id,
            candidate_id=candidate_id,
            recipient=request.recipient,
            cert_ids=cert_ids,
            include_exams=request.include_exams,
            include_scores=request.include_scores,
            created_at=clock.iso_now(),
            expires_on=expires_on.isoformat(),
            code_hash=_keyed("code", code),
        )
        whom = f" with {request.recipient}" if request.recipient else ""
        try:
            store.create(
                item, _token_hash(token), repo.activity_op(candidate_id, "transcript", f"Transcript shared{whom}")
            )
        except TransactionConflict:
            continue
        return {
            "transcript_id": transcript_id,
            "url": link(token),
            "verification_code": f"{code[:5]}-{code[5:]}",
            "expires_on": expires_on,
        }
    raise RuntimeError("three transcript ids in a row were taken")


def link(token: str) -> str:
    """The address a recipient opens (it ends in the token)."""
    return f"{get_settings().portal_url}/#/transcripts/{token}"


def _summary(item: TranscriptItem, today: date) -> dict[str, Any]:
    return {**item.model_dump(), "status": status(item, today)}


def of_candidate(candidate_id: str) -> list[dict[str, Any]]:
    today = clock.today()
    return [
        _summary(t, today) for t in sorted(store.of_candidate(candidate_id), key=lambda t: t.created_at, reverse=True)
    ]


def _own(candidate_id: str, transcript_id: str) -> TranscriptItem:
    item = store.get(candidate_id, transcript_id)
    if item is None:
        raise NotFound(f"no transcript {transcript_id}")
    return item


def views(candidate_id: str, transcript_id: str) -> list[dict[str, Any]]:
    _own(candidate_id, transcript_id)
    return [v.model_dump() for v in store.views(candidate_id, transcript_id)]


def revoke(candidate_id: str, transcript_id: str) -> None:
    store.revoke(_own(candidate_id, transcript_id), clock.iso_now())


# ------------------------------------------------------------------ what a recipient sees
_UNKNOWN = "no transcript matches; check the link, or the transcript id and verification code"


def by_token(token: str) -> tuple[TranscriptItem, ProfileItem]:
    pointer = store.by_token(_token_hash(token))
    if pointer is None:
        raise NotFound(_UNKNOWN)
    return _viewable(pointer.candidate_id, pointer.item_sk.removeprefix(keys.TRANSCRIPT_PREFIX))


def by_code(transcript_id: str, code: str) -> tuple[TranscriptItem, ProfileItem]:
    item = store.by_id(_normal_code(transcript_id))
    given = _keyed("code", _normal_code(code))
    if item is None or not hmac.compare_digest(given, item.code_hash):
        raise NotFound(_UNKNOWN)
    return _viewable(item.candidate_id, item.transcript_id)


def _viewable(candidate_id: str, transcript_id: str) -> tuple[TranscriptItem, ProfileItem]:
    item, profile = store.with_holder(candidate_id, transcript_id)
    if item is None or profile is None:
        raise NotFound(_UNKNOWN)
    if item.revoked_at:
        raise Gone(f"this transcript was revoked by its holder on {item.revoked_at[:10]}", code="transcript_revoked")
    if date.fromisoformat(item.expires_on) < clock.today():
        raise Gone(f"this transcript expired on {item.expires_on}", code="transcript_expired")
    return item, profile


def content(item: TranscriptItem, profile: ProfileItem) -> dict[str, Any]:
    """The transcript as of now, with its signature."""
    catalog = get_catalog()
    evaluation, facts = evaluate_candidate(item.candidate_id)
    states = evaluation.certifications
    wanted = item.cert_ids if item.cert_ids is not None else [c for c, s in states.items() if s.status in HELD]
    certifications = [_certification(states[c]) for c in wanted if c in states]
    out: dict[str, Any] = {
        "transcript_id": item.transcript_id,
        "holder": {"name": profile.full_name, "candidate_id": item.candidate_id},
        "certifications": certifications,
        "as_of": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expires_on": item.expires_on,
        "issuer": credential.ISSUER_NAME,
    }
    if item.include_exams:
        passed = [ExamResultItem.from_item(i) for i in facts if i["sk"].startswith(keys.EXAM_EVENTS)]
        out["exams"] = [
            {
                "exam_code": r.exam_code,
                "title": r.title or (catalog.exams[r.exam_code].title if r.exam_code in catalog.exams else r.exam_code),
                "taken_on": r.taken_on,
                **({"score": r.score, "passing_score": r.passing_score} if item.include_scores else {}),
            }
            for r in sorted(passed, key=lambda r: r.taken_on, reverse=True)
            if r.passed
        ]
    issuer = credential.issuer()["id"]
    out["jws"] = jws.sign({**out, "iss": issuer, "iat": int(clock.now().timestamp())})
    return out


def _certification(state: CertState) -> dict[str, Any]:
    entry = get_catalog().certifications[state.cert_id]
    earned = [h.on for h in state.history if h.kind == "earned"]
    ended = [h.on for h in state.history if h.kind in ("expired", "revoked")]
    return {
        "cert_id": state.cert_id,
        "name": entry.name,
        "level": entry.level,
        "status": state.status,
        "earned_on": _iso(state.earned_on or (max(earned) if earned else None)),
        "expires_on": _iso(state.expires_on or (max(ended) if ended and not state.held else None)),
        "revoked_on": _iso(state.revoked_on),
    }


def _iso(day: date | datetime | None) -> str | None:
    return day.isoformat() if day else None


def record_view(item: TranscriptItem, *, how: str, address: str, user_agent: str | None, country: str | None) -> None:
    at = clock.iso_now()
    view = TranscriptViewItem(
        **{
            "pk": keys.candidate(item.candidate_id),
            "sk": keys.transcript_view(item.transcript_id, at, secrets.token_hex(4)),
        },
        transcript_id=item.transcript_id,
        at=at,
        how=how,
        user_agent=(user_agent or "")[:300] or None,
        country=country,
        viewer=_keyed("viewer", address),
    )
    store.record_view(item, view)
