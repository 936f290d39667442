"""PDF certificates: one per certification cycle, numbered, with a public verification code.

Made by the documents consumer when a certification becomes active (a domain event), and on demand
when someone asks for one that is missing, so a lost event never loses a certificate. Only an
active, unexpired certification has one to hand out.
"""

import secrets
from typing import Any

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.certs.events import evaluate_candidate
from certtrack.certs.numbers import certification_number
from certtrack.documents import certificate
from certtrack.errors import Conflict, NotFound
from certtrack.rules.engine import CertState
from certtrack.settings import get_settings
from certtrack.store import documents
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.derived import CertificateItem, CertificationItem, VerificationItem
from certtrack.store.table import Operation, TransactionConflict

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


def new_code() -> str:
    """80 random bits in 16 unambiguous characters."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verify_url(code: str) -> str:
    """The portal's public verification page (it reads `GET /verify/certificates/{code}`)."""
    return f"{get_settings().portal_url}/#/verify/{code}"


def holdable(candidate_id: str, cert_id: str) -> CertState:
    """The certification's state if a certificate may be handed out, else a 409 saying why."""
    if get_catalog().certification(cert_id) is None:
        raise NotFound(f"no certification {cert_id}", field="cert_id")
    evaluation, _ = evaluate_candidate(candidate_id)
    state = evaluation.certifications.get(cert_id)
    if state is None or (not state.held and state.status != "expired"):
        raise Conflict(f"{cert_id} is not earned: there is no certificate", code="not_earned")
    if state.status == "expired":
        raise Conflict(f"{cert_id} has expired: certificates exist only for active certifications", code="expired")
    if state.status == "emeritus":
        raise Conflict(
            f"{cert_id} is Emeritus, an honorary status: certificates exist only for active certifications",
            code="emeritus",
        )
    if state.status == "pending_agreement":
        raise Conflict(
            f"{cert_id} is pending the certification agreement: accept it to get the certificate",
            code="pending_agreement",
        )
    return state


def ensure(candidate_id: str, cert_id: str) -> tuple[str, CertificateItem]:
    """The certificate's S3 key and record, numbering and rendering it if this is the first time."""
    state = holdable(candidate_id, cert_id)
    earned = state.earned_on.isoformat()  # type: ignore[union-attr]
    expires = state.expires_on.isoformat() if state.expires_on else None
    record_key = CertificateItem.key_of(candidate_id, cert_id, earned, expires)
    stored = repo.table.get(record_key, consistent=True)
    record = CertificateItem.from_item(stored) if stored else _number(candidate_id, cert_id, state, record_key)
    key = certificate.key(candidate_id, cert_id, earned, expires)
    if not documents.exists(key):
        cert = get_catalog().certifications[cert_id]
        pdf = certificate.render(
            holder=record.holder,
            certification=cert.name,
            level=cert.level,
            earned_on=state.earned_on,  # type: ignore[arg-type]
            expires_on=state.expires_on,
            number=record.number,
            code=display_code(record.code),
            verify_url=verify_url(record.code),
        )
        documents.put_pdf(key, pdf)
    return key, record


def _number(candidate_id: str, cert_id: str, state: CertState, record_key: dict[str, str]) -> CertificateItem:
    profile = repo.get_profile(candidate_id)
    holder = ProfileItem.from_item(profile).full_name if profile else ""
    code = new_code()
    earned = state.earned_on.isoformat()  # type: ignore[union-attr]
    record = {
        **record_key,
        "type": "certificate",
        "cert_id": cert_id,
        "number": certification_number(cert_id, candidate_id, earned),
        "code": code,
        "holder": holder,
        "earned_on": earned,
        "expires_on": state.expires_on.isoformat() if state.expires_on else None,
        "issued_at": clock.iso_now(),
    }
    pointer = {
        **keys.verification(code),
        "type": "verification",
        "candidate_id": candidate_id,
        **{k: record[k] for k in ("cert_id", "number", "holder", "earned_on", "expires_on")},
    }
    try:
        repo.table.transact(
            [
                Operation.create(record, label="record"),
                Operation.create(pointer, label="pointer"),
            ]
        )
    except TransactionConflict:  # numbered meanwhile by another request: use that one
        existing = repo.table.get(record_key, consistent=True)
        if existing is None:
            raise
        return CertificateItem.from_item(existing)
    return CertificateItem.from_item(record)


def link(candidate_id: str, cert_id: str) -> dict[str, Any]:
    key, record = ensure(candidate_id, cert_id)
    filename = f"certificate-{cert_id}-{record.earned_on}.pdf"
    return {
        "url": documents.link(key, filename),
        "expires_in": documents.LINK_SECONDS,
        "filename": filename,
        "certificate_number": record.number,
        "verification_code": display_code(record.code),
    }


def verify(code: str) -> dict[str, Any]:
    """What a third party may see of a certificate: who holds what, and whether it is current."""
    normalised = code.replace("-", "").upper()
    if not 8 <= len(normalised) <= 32:
        raise NotFound("no certificate with this verification code")
    found = repo.table.get(VerificationItem.key_of(normalised))
    if found is None:
        raise NotFound("no certificate with this verification code")
    pointer = VerificationItem.from_item(found)
    stored = repo.table.get(CertificationItem.key_of(pointer.candidate_id, pointer.cert_id))
    current = CertificationItem.from_item(stored) if stored else None
    today = clock.today().isoformat()
    same_cycle = current is not None and current.earned_on == pointer.earned_on
    expires = current.expires_on if current is not None and same_cycle else pointer.expires_on
    if current is not None and current.status == "active" and (expires is None or expires >= today) and same_cycle:
        status = "active"
    elif current is not None and current.status == "emeritus" and same_cycle:
        status = "emeritus"  # the same unbroken holding, now honorary: the number is kept
    elif expires is not None and expires < today:
        status = "expired"
    else:
        status = "not_current"
    cert = get_catalog().certifications[pointer.cert_id]
    return {
        "holder": pointer.holder,
        "certification": cert.name,
        "cert_id": cert.cert_id,
        "level": cert.level,
        "certificate_number": pointer.number,
        "earned_on": pointer.earned_on,
        "expires_on": expires,
        "status": status,
        "checked_on": today,
    }
