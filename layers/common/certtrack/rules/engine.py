"""Certification state from a candidate's exam results, CE credits, agreement acceptances and the
administrators' and holders' own decisions (revocations, Emeritus requests).

The state is a pure function of the *set* of events and the as-of date: events are replayed in one
canonical order (date, then kind, then id), so any delivery order, with any duplicates, gives the
same answer as chronological delivery. Nothing here touches AWS or the clock.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from certtrack.catalog import AllOf, AnyOf, Catalog, Certification, ExamRequirement, NOf, RecertOption, Tenure


@dataclass(frozen=True)
class ExamResult:
    result_id: str
    exam_code: str
    taken_on: date
    passed: bool


@dataclass(frozen=True)
class CeCredit:
    credit_id: str
    credits: float
    completed_on: date
    received_on: date


@dataclass(frozen=True)
class Acceptance:
    version: str
    accepted_on: date


@dataclass(frozen=True)
class Revocation:
    """An administrator withdrew the certification (misconduct): it ends the holding that day, and the
    exams passed until then no longer count towards earning it again."""

    cert_id: str
    revoked_on: date
    reason: str


@dataclass(frozen=True)
class EmeritusRequest:
    """The holder of a certification with tenure rules asked for Emeritus status instead of
    recertifying: from that day it is no longer renewed, and when its cycle ends it turns Emeritus
    rather than expiring. An administrator's reversal (`reversed_on`, with its reason) withdraws the
    request that day, and ends the Emeritus status it had already started."""

    cert_id: str
    requested_on: date
    reversed_on: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    on: date
    #: earned | recertified | expired | agreement | revoked |
    #: emeritus_requested | emeritus | lifetime_emeritus | emeritus_reversed
    kind: str
    detail: str


@dataclass(frozen=True)
class ChecklistItem:
    exam: str
    met: bool
    met_on: date | None
    #: Items sharing a group are alternatives: `choose` of them are needed (None: required).
    group: int | None = None
    choose: int = 1


@dataclass
class CertState:
    cert_id: str
    status: str = "in_progress"  # active | expired | revoked | pending_agreement | in_progress
    earned_on: date | None = None
    first_earned_on: date | None = None
    expires_on: date | None = None
    cycle_started_on: date | None = None
    ce_in_cycle: float = 0.0
    ce_required: float | None = None
    checklist: list[ChecklistItem] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    revoked_on: date | None = None
    revoked_reason: str | None = None
    #: Expert tenure, counted from `earned_on` (the start of the unbroken holding), for levels with
    #: tenure rules while held: when Emeritus may be requested, and when it becomes lifetime.
    emeritus_eligible_from: date | None = None
    lifetime_from: date | None = None
    #: Whether the holder may ask for Emeritus status today.
    emeritus_eligible: bool = False
    #: The standing request (the certification is no longer renewed), then the day Emeritus began.
    emeritus_requested_on: date | None = None
    emeritus_since: date | None = None
    #: The day the holding reached lifetime Emeritus: it never expires any more, Emeritus at the latest
    #: when its cycle ends.
    lifetime_since: date | None = None
    # replay bookkeeping
    _cycle_key: tuple = ()
    _reset_on: date | None = None
    _times_earned: int = 0

    @property
    def held(self) -> bool:
        """Held without a break since `earned_on`: active, pending the agreement, or Emeritus."""
        return self.earned_on is not None

    @property
    def in_force(self) -> bool:
        """Held as a current certification: it renews, and makes CE credits count. Emeritus is held
        (the number and the history stay) but not current."""
        return self.held and self.emeritus_since is None


@dataclass
class CreditState:
    credit_id: str
    status: str  # accepted | rejected
    reason: str = ""
    used_for: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    certifications: dict[str, CertState]
    credits: dict[str, CreditState]
    agreement_version: str
    agreement_accepted: bool

    def current(self) -> list[CertState]:
        """Every certification held or in progress, highest level first."""
        return list(self.certifications.values())


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def whole_years(start: date, end: date) -> int:
    """Completed years from `start` to `end` (an anniversary counts on its day)."""
    years = end.year - start.year
    return years if add_years(start, years) <= end else years - 1


_EXAM, _CREDIT, _REVOKE, _EMERITUS, _REVERSAL = 0, 1, 2, 3, 4


def evaluate(
    catalog: Catalog,
    results: Iterable[ExamResult],
    credits: Iterable[CeCredit],
    acceptances: Iterable[Acceptance],
    today: date,
    revocations: Iterable[Revocation] = (),
    emeritus: Iterable[EmeritusRequest] = (),
) -> Evaluation:
    passes = {r.result_id: r for r in results if r.passed and r.taken_on <= today and catalog.exam(r.exam_code)}
    credit_by_id = {c.credit_id: c for c in credits if c.completed_on <= today}
    accepted = sorted(set(acceptances), key=lambda a: (a.accepted_on, a.version))
    replay = _Replay(catalog)
    events = [((p.taken_on, _EXAM, p.result_id), p) for p in passes.values()]
    events += [((c.completed_on, _CREDIT, c.credit_id), c) for c in credit_by_id.values()]
    events += [
        ((r.revoked_on, _REVOKE, r.cert_id), r)
        for r in revocations
        if r.revoked_on <= today and r.cert_id in catalog.certifications
    ]
    for request in emeritus:
        if request.cert_id not in catalog.certifications or request.requested_on > today:
            continue
        events.append(((request.requested_on, _EMERITUS, request.cert_id), request))
        if request.reversed_on is not None and request.reversed_on <= today:
            events.append(((request.reversed_on, _REVERSAL, request.cert_id), request))
    for key, event in sorted(events, key=lambda e: e[0]):
        replay.expire_before(key[0])
        if isinstance(event, ExamResult):
            replay.exam(key, event)
        elif isinstance(event, CeCredit):
            replay.credit(key, event)
        elif isinstance(event, Revocation):
            replay.revoke(event)
        elif key[1] == _EMERITUS:
            replay.request_emeritus(event)
        else:
            replay.reverse_emeritus(event)
    replay.expire_before(today + timedelta(days=1))
    return replay.finish(today, accepted)


class _Replay:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.validity = catalog.programme.exam_validity_years
        self.window = timedelta(days=catalog.programme.ce_submission_window_days)
        # highest level first, so that a renewal cascades before a lower one is looked at
        self.order = sorted(catalog.certifications.values(), key=lambda c: (-catalog.level(c.level).rank, c.cert_id))
        self.states: dict[str, CertState] = {c.cert_id: CertState(c.cert_id) for c in self.order}
        self.passes: list[tuple[tuple, ExamResult]] = []
        self.credits: list[tuple[tuple, CeCredit]] = []
        self.credit_states: dict[str, CreditState] = {}

    # -- events

    def expire_before(self, day: date) -> None:
        """Renewals whose cycle opened before `day` with what had accumulated, then expiries (or
        Emeritus instead, when it was requested or the holding is lifetime Emeritus), with the
        tenure milestones on either side of them."""
        opening = sorted(
            (ws, cert.cert_id)
            for cert in self.order
            if (ws := self._window_start(self.states[cert.cert_id])) is not None
            and ws <= day
            and self.states[cert.cert_id]._cycle_key < (ws, -1, "")
        )
        for ws, cert_id in opening:
            state = self.states[cert_id]
            if state.held and state.expires_on is not None and ws <= state.expires_on:
                self._recertify((ws, -1, ""), [self.catalog.certifications[cert_id]])
        for state in self.states.values():
            self._lifetime_before(state, day)
            if state.held and state.expires_on is not None and state.expires_on < day:
                if state.emeritus_requested_on is not None or state.lifetime_since is not None:
                    self._become_emeritus(state)
                    self._lifetime_before(state, day)
                else:
                    state.history.append(HistoryEntry(state.expires_on, "expired", "expired; earn it again to hold it"))
                    self._end(state, state.expires_on)

    def _end(self, state: CertState, on: date) -> None:
        """The unbroken holding stops on `on`: earning it again starts a new one, from new exams."""
        state._reset_on = on
        state.earned_on = state.expires_on = state.cycle_started_on = None
        state.emeritus_requested_on = state.emeritus_since = state.lifetime_since = None
        state._cycle_key = ()

    def _tenure(self, cert_id: str) -> Tenure | None:
        return self.catalog.level(self.catalog.certifications[cert_id].level).tenure

    def _lifetime_before(self, state: CertState, day: date) -> None:
        """The holding reached lifetime Emeritus before `day` if it was still held on the anniversary
        (its cycle had not ended)."""
        rules = self._tenure(state.cert_id)
        if rules is None or state.earned_on is None or state.lifetime_since is not None:
            return
        on = add_years(state.earned_on, rules.lifetime_after_years)
        if on < day and (state.expires_on is None or on < state.expires_on):
            state.lifetime_since = on
            years = rules.lifetime_after_years
            state.history.append(HistoryEntry(on, "lifetime_emeritus", f"{years} consecutive years: Emeritus for life"))

    def _become_emeritus(self, state: CertState) -> None:
        """The cycle ends without renewal: Emeritus from that day, keeping the holding (and with it the
        number and the history) but no longer current: no expiry, no renewal."""
        on: date = state.expires_on  # type: ignore[assignment]
        reason = "lifetime Emeritus" if state.lifetime_since is not None else "as requested"
        state.history.append(HistoryEntry(on, "emeritus", f"Emeritus instead of recertifying ({reason})"))
        state.emeritus_since = on
        state.expires_on = state.cycle_started_on = None
        state._cycle_key = ()

    def _window_start(self, state: CertState) -> date | None:
        """A cycle can be renewed once it has begun: no stacking renewals ahead of time. None: it is
        not renewable (not held, never expires, Emeritus requested or begun)."""
        if not state.in_force or state.expires_on is None or state.emeritus_requested_on is not None:
            return None
        validity = self.catalog.certifications[state.cert_id].validity_years or 0
        return add_years(state.expires_on, -validity)

    def exam(self, key: tuple, result: ExamResult) -> None:
        active_before = [c for c in self.order if self.states[c.cert_id].held]
        self.passes.append((key, result))
        for cert in self.order:
            state = self.states[cert.cert_id]
            if not state.held and self._requirement_met(cert, state, key[0]):
                self._earn(cert, state, key)
        self._recertify(key, active_before)

    def credit(self, key: tuple, credit: CeCredit) -> None:
        if credit.received_on - credit.completed_on > self.window:
            days = self.window.days
            self.credit_states[credit.credit_id] = CreditState(
                credit.credit_id, "rejected", f"submitted more than {days} days after the activity"
            )
            return
        active = [c for c in self.order if self.states[c.cert_id].in_force]
        if not active:
            self.credit_states[credit.credit_id] = CreditState(
                credit.credit_id, "rejected", f"no active certification on {credit.completed_on.isoformat()}"
            )
            return
        self.credit_states[credit.credit_id] = CreditState(credit.credit_id, "accepted")
        self.credits.append((key, credit))
        self._recertify(key, active)

    def revoke(self, revocation: Revocation) -> None:
        """Ends a holding; a certification not held then is left as it is (nothing to withdraw)."""
        state = self.states[revocation.cert_id]
        if not state.held:
            return
        state.history.append(HistoryEntry(revocation.revoked_on, "revoked", revocation.reason))
        state.revoked_on, state.revoked_reason = revocation.revoked_on, revocation.reason
        self._end(state, revocation.revoked_on)

    def request_emeritus(self, request: EmeritusRequest) -> None:
        """A request stands if the certification was current and held long enough that day; one that
        was not (which the request route refuses before storing) changes nothing."""
        state = self.states[request.cert_id]
        rules = self._tenure(request.cert_id)
        if rules is None or not state.in_force or state.emeritus_requested_on is not None:
            return
        if request.requested_on < add_years(state.earned_on, rules.emeritus_after_years):  # type: ignore[arg-type]
            return
        state.emeritus_requested_on = request.requested_on
        detail = "Emeritus instead of recertifying, when this cycle ends"
        state.history.append(HistoryEntry(request.requested_on, "emeritus_requested", detail))

    def reverse_emeritus(self, request: EmeritusRequest) -> None:
        """Withdraws the standing request; an Emeritus status it had begun ends that day (the cycle it
        replaced is over, so nothing is current any more). Lifetime Emeritus does not rest on a request
        and stays."""
        state = self.states[request.cert_id]
        if state.emeritus_requested_on != request.requested_on or state.lifetime_since is not None:
            return
        on: date = request.reversed_on  # type: ignore[assignment]
        state.history.append(HistoryEntry(on, "emeritus_reversed", request.reason or "reversed by an administrator"))
        state.emeritus_requested_on = None
        if state.emeritus_since is not None:
            self._end(state, on)

    # -- rules

    def _usable_passes(self, state: CertState, on: date) -> list[ExamResult]:
        oldest = add_years(on, -self.validity)
        return [
            r
            for _, r in self.passes
            if r.taken_on <= on and r.taken_on >= oldest and (state._reset_on is None or r.taken_on > state._reset_on)
        ]

    def _requirement_met(self, cert: Certification, state: CertState, on: date) -> bool:
        by_code: dict[str, list[date]] = {}
        for r in self._usable_passes(state, on):
            by_code.setdefault(r.exam_code, []).append(r.taken_on)
        return _met(cert.requirement, by_code, self.validity)

    def _earn(self, cert: Certification, state: CertState, key: tuple) -> None:
        on = key[0]
        again = state._times_earned > 0
        state._times_earned += 1
        state.earned_on = on
        state.first_earned_on = state.first_earned_on or on
        state.expires_on = add_years(on, cert.validity_years) if cert.validity_years else None
        state.cycle_started_on = on
        state._cycle_key = key
        state.revoked_on = state.revoked_reason = None
        state.history.append(HistoryEntry(on, "earned", "earned again" if again else "all requirements met"))

    def _cycle_exams(self, state: CertState, key: tuple) -> list[ExamResult]:
        return [r for k, r in self.passes if state._cycle_key < k <= key]

    def _cycle_credits(self, state: CertState, key: tuple) -> list[CeCredit]:
        return [c for k, c in self.credits if state._cycle_key < k <= key]

    def _option_met(self, option: RecertOption, state: CertState, key: tuple) -> bool:
        if option.exams:
            codes = {
                r.exam_code
                for r in self._cycle_exams(state, key)
                if set(self.catalog.exams[r.exam_code].tags) & set(option.tags)
            }
            if len(codes) < option.exams:
                return False
        return not option.ce or sum(c.credits for c in self._cycle_credits(state, key)) >= option.ce

    def _recertify(self, key: tuple, candidates: list[Certification]) -> None:
        renewed: dict[str, str] = {}
        for cert in candidates:
            state = self.states[cert.cert_id]
            window = self._window_start(state)
            if window is None or cert.cert_id in renewed or state._cycle_key == key or key[0] < window:
                continue
            option = next((o for o in self.catalog.level(cert.level).options if self._option_met(o, state, key)), None)
            if option is None:
                continue
            used = [c.credit_id for c in self._cycle_credits(state, key)] if option.ce else []
            for credit_id in used:
                self.credit_states[credit_id].used_for.append(cert.cert_id)
            renewed[cert.cert_id] = f"recertified by {option.name}"
            for covered in self._covered(cert):
                window = self._window_start(self.states[covered])
                if window is not None and key[0] >= window:
                    renewed.setdefault(covered, f"renewed with {cert.name}")
        for cert_id, detail in renewed.items():
            state = self.states[cert_id]
            if state._cycle_key == key:  # earned by this very event
                continue
            cert = self.catalog.certifications[cert_id]
            state.expires_on = add_years(state.expires_on, cert.validity_years or 0)  # type: ignore[arg-type]
            state.cycle_started_on = key[0]
            state._cycle_key = key
            state.history.append(HistoryEntry(key[0], "recertified", detail))

    def _covered(self, cert: Certification) -> list[str]:
        out: list[str] = []
        stack = list(cert.covers)
        while stack:
            cert_id = stack.pop(0)
            if cert_id not in out:
                out.append(cert_id)
                stack.extend(self.catalog.certifications[cert_id].covers)
        return out

    # -- as of today

    def finish(self, today: date, accepted: list[Acceptance]) -> Evaluation:
        current = self.catalog.current_agreement(today)
        agreement_accepted = any(
            self.catalog_version(a.version) is not None and self.catalog_version(a.version) >= current.effective_on
            for a in accepted
        )
        for cert in self.order:
            state = self.states[cert.cert_id]
            state.ce_required = self.catalog.level(cert.level).ce_required
            state.checklist = _checklist(cert.requirement, self._usable_passes(state, today), self.validity)
            self._tenure_today(state, today)
            if state.emeritus_since is not None:
                state.status = "emeritus"
            elif state.held:
                state.ce_in_cycle = sum(c.credits for k, c in self.credits if k > state._cycle_key)
                acceptance = self._acceptance_for(state.earned_on, accepted)  # type: ignore[arg-type]
                if acceptance is None:
                    state.status = "pending_agreement"
                else:
                    state.status = "active"
                    if acceptance.accepted_on > state.earned_on:  # type: ignore[operator]
                        state.history.append(
                            HistoryEntry(
                                acceptance.accepted_on, "agreement", f"agreement {acceptance.version} accepted"
                            )
                        )
            elif state.revoked_on:
                state.status = "revoked"
            elif state.history:
                state.status = "expired"
            elif {r.exam_code for r in self._usable_passes(state, today)} & {i.exam for i in state.checklist}:
                state.status = "in_progress"
            else:
                state.status = ""
            state.history.sort(key=lambda h: (h.on, h.kind))
        certs = {c.cert_id: self.states[c.cert_id] for c in self.order if self.states[c.cert_id].status}
        return Evaluation(certs, self.credit_states, current.version, agreement_accepted)

    def _tenure_today(self, state: CertState, today: date) -> None:
        rules = self._tenure(state.cert_id)
        if rules is None or state.earned_on is None:
            return
        state.emeritus_eligible_from = add_years(state.earned_on, rules.emeritus_after_years)
        state.lifetime_from = add_years(state.earned_on, rules.lifetime_after_years)
        state.emeritus_eligible = (
            state.in_force and state.emeritus_requested_on is None and state.emeritus_eligible_from <= today
        )

    def catalog_version(self, version: str) -> date | None:
        found = next((a for a in self.catalog.agreements if a.version == version), None)
        return found.effective_on if found else None

    def _acceptance_for(self, earned_on: date, accepted: list[Acceptance]) -> Acceptance | None:
        """The first acceptance of the version in force when the certification was earned, or later."""
        needed = self.catalog.agreement_on(earned_on).effective_on
        for acceptance in accepted:
            effective = self.catalog_version(acceptance.version)
            if effective is not None and effective >= needed:
                return acceptance
        return None


def _met(requirement: object, passes: dict[str, list[date]], validity: int) -> bool:
    if isinstance(requirement, ExamRequirement):
        return _exam_met(requirement, passes, validity) is not None
    if isinstance(requirement, AllOf):
        return all(_met(r, passes, validity) for r in requirement.all_of)
    if isinstance(requirement, AnyOf):
        return any(_met(r, passes, validity) for r in requirement.any_of)
    if isinstance(requirement, NOf):
        return sum(_met(r, passes, validity) for r in requirement.of) >= requirement.n
    raise TypeError(f"unknown requirement {requirement!r}")


def _exam_met(requirement: ExamRequirement, passes: dict[str, list[date]], validity: int) -> date | None:
    """The earliest pass of the exam whose prerequisites were passed, and still valid, before it."""
    for taken in sorted(passes.get(requirement.exam, [])):
        oldest = add_years(taken, -validity)
        if all(any(oldest <= p <= taken for p in passes.get(code, [])) for code in requirement.after):
            return taken
    return None


def _checklist(requirement: object, usable: list[ExamResult], validity: int) -> list[ChecklistItem]:
    passes: dict[str, list[date]] = {}
    for r in usable:
        passes.setdefault(r.exam_code, []).append(r.taken_on)
    items: list[ChecklistItem] = []
    groups = iter(range(1, 1000))

    def walk(node: object, group: int | None, choose: int) -> None:
        if isinstance(node, ExamRequirement):
            met_on = _exam_met(node, passes, validity)
            items.append(ChecklistItem(node.exam, met_on is not None, met_on, group, choose))
        elif isinstance(node, AllOf):
            for child in node.all_of:
                walk(child, group, choose)
        else:
            children = node.any_of if isinstance(node, AnyOf) else node.of  # type: ignore[union-attr]
            needed = 1 if isinstance(node, AnyOf) else node.n  # type: ignore[union-attr]
            inner = next(groups)
            for child in children:
                walk(child, inner, needed)

    walk(requirement, None, 1)
    return items
