"""Certification views: computed from the candidate's facts by the rules engine, one query each."""

import contextlib

from certifications.models import (
    Agreement,
    AgreementAcceptance,
    CatalogCertification,
    CertificationDetail,
    CertificationList,
    CertificationOut,
    ContinuingEducation,
    Emeritus,
    ExamOut,
    HistoryOut,
    RecertificationOption,
    Requirement,
)
from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import exam_codes, get_catalog
from certtrack.certs import emeritus, evaluation
from certtrack.certs.events import evaluate_candidate
from certtrack.domain_events import DomainEvent, event_id
from certtrack.errors import InvalidInput, NotFound
from certtrack.models import Items
from certtrack.rules.engine import CertState, HistoryEntry, add_years, whole_years
from certtrack.store.items.facts import AgreementItem
from certtrack.store.table import Item, Operation, TransactionConflict


def catalog_certifications() -> Items[CatalogCertification]:
    catalog = get_catalog()
    out = []
    for cert in catalog.certifications.values():
        exams = sorted(set(exam_codes(cert.requirement)))
        out.append(
            CatalogCertification(
                cert_id=cert.cert_id,
                name=cert.name,
                level=cert.level,
                validity_years=cert.validity_years,
                kit=cert.kit,
                exams=exams,
                ce_required=catalog.level(cert.level).ce_required,
            )
        )
    return Items[CatalogCertification](items=out)


def catalog_exams() -> Items[ExamOut]:
    return Items[ExamOut](items=[ExamOut.model_validate(e.model_dump()) for e in get_catalog().exams.values()])


def _view(state: CertState) -> dict:
    catalog = get_catalog()
    cert = catalog.certifications[state.cert_id]
    rules = catalog.level(cert.level)
    # a cycle that is renewed at the end of its term; one whose holder asked for Emeritus is not
    renewing = state.held and state.expires_on is not None and state.emeritus_requested_on is None
    ce = None
    if renewing:
        ce = ContinuingEducation(
            earned=state.ce_in_cycle,
            required=state.ce_required,
            cycle_started_on=state.cycle_started_on,
            cycle_ends_on=state.expires_on,
            renewable_from=add_years(state.expires_on, -(cert.validity_years or 0)),
        )
    renewal = _last_renewal(state)
    return {
        "cert_id": cert.cert_id,
        "name": cert.name,
        "level": cert.level,
        "status": state.status,
        "earned_on": state.earned_on,
        "first_earned_on": state.first_earned_on,
        "expires_on": state.expires_on,
        "renewed_on": renewal.on if renewal else None,
        "renewed_by": renewal.detail if renewal else None,
        "tenure_years": whole_years(state.earned_on, clock.today()) if state.earned_on else None,
        "emeritus": _emeritus(state),
        "requirements": [
            Requirement(
                exam=i.exam,
                title=catalog.exams[i.exam].title,
                met=i.met,
                met_on=i.met_on,
                group=i.group,
                choose=i.choose,
            )
            for i in state.checklist
        ],
        "continuing_education": ce,
        "recertification_options": [RecertificationOption.model_validate(o.model_dump()) for o in rules.options]
        if renewing
        else [],
    }


def _last_renewal(state: CertState) -> HistoryEntry | None:
    """The latest renewal of the current holding (none before `earned_on`: an earlier holding's
    renewals do not explain today's expiry)."""
    if state.earned_on is None:
        return None
    renewals = [h for h in state.history if h.kind == "recertified" and h.on >= state.earned_on]
    return max(renewals, key=lambda h: h.on, default=None)


def _emeritus(state: CertState) -> Emeritus | None:
    if state.emeritus_eligible_from is None or state.lifetime_from is None:
        return None
    return Emeritus(
        eligible=state.emeritus_eligible,
        eligible_from=state.emeritus_eligible_from,
        requested_on=state.emeritus_requested_on,
        starts_on=state.expires_on if state.emeritus_requested_on and not state.emeritus_since else None,
        since=state.emeritus_since,
        lifetime=state.lifetime_since is not None,
        lifetime_from=state.lifetime_from,
        lifetime_since=state.lifetime_since,
    )


def my_certifications(candidate_id: str) -> CertificationList:
    """The certifications and the agreement in force: the facts' query holds its acceptance too, so
    the page asks once."""
    evaluation, items = evaluate_candidate(candidate_id)
    current = get_catalog().current_agreement(clock.today())
    sk = keys.agreement_event(current.version)
    return CertificationList(
        items=[CertificationOut(**_view(s)) for s in evaluation.current()],
        agreement=_agreement(next((i for i in items if i["sk"] == sk), None)),
    )


def my_certification(candidate_id: str, cert_id: str) -> CertificationDetail:
    evaluation, _ = evaluate_candidate(candidate_id)
    state = evaluation.certifications.get(cert_id)
    if state is None:
        raise NotFound(f"no certification {cert_id} held or in progress", field="cert_id")
    history = [HistoryOut(on=h.on, kind=h.kind, detail=h.detail) for h in reversed(state.history)]
    return CertificationDetail(**_view(state), history=history)


def request_emeritus(candidate_id: str, cert_id: str) -> tuple[CertificationOut, bool]:
    """The certification with the request standing, and whether this call made it."""
    state, created = emeritus.request(candidate_id, cert_id)
    return CertificationOut(**_view(state)), created


def agreement(candidate_id: str) -> Agreement:
    current = get_catalog().current_agreement(clock.today())
    return _agreement(repo.table.get(AgreementItem.key_of(candidate_id, current.version)))


def _agreement(found: Item | None) -> Agreement:
    """The agreement in force, with its acceptance when `found` (the candidate's acceptance item)."""
    current = get_catalog().current_agreement(clock.today())
    accepted = AgreementItem.from_item(found) if found else None
    return Agreement(
        version=current.version,
        effective_on=current.effective_on,
        text=current.text,
        accepted=accepted is not None,
        accepted_on=accepted.accepted_on if accepted else None,
    )


def accept(candidate_id: str, request: AgreementAcceptance) -> Agreement:
    current = get_catalog().current_agreement(clock.today())
    if request.version != current.version:
        raise InvalidInput(f"version: only the current agreement ({current.version}) can be accepted", field="version")
    item = {
        **repo.candidate_key(candidate_id, keys.agreement_event(current.version)),
        "type": "agreement",
        "version": current.version,
        "accepted_on": clock.today().isoformat(),
        "accepted_at": clock.iso_now(),
    }
    event = DomainEvent(
        event_id=event_id("agreement", candidate_id, current.version),
        type="AgreementAccepted",
        candidate_id=candidate_id,
        on=clock.today(),
        data={"version": current.version},
    )
    # accepted before (a conflict): evaluating again repairs whatever an interrupted first attempt left
    with contextlib.suppress(TransactionConflict):
        repo.table.transact(
            [
                Operation.create(item, label="acceptance"),
                *evaluation.fact_ops(candidate_id, event),
                repo.activity_op(candidate_id, "agreement", f"Certification agreement {current.version} accepted"),
            ]
        )
    # The candidate waits for this one (their certifications turn active), so it is evaluated here,
    # through the same evaluator that publishes the same events, rather than queued.
    evaluation.evaluate(candidate_id)
    return agreement(candidate_id)
