"""The programme's scheduling rules (PROGRAMME.md, "Scheduling"), pure and clock-free: whether a
candidate may sit an exam on a day, given their results and appointments. The numbers are catalog
data (`scheduling.json` policies); each refusal names its rule and, for a wait, the first day allowed.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from certtrack.errors import Conflict
from certtrack.scheduling.inventory import ExamOffer, Policy
from certtrack.store.items.facts import ExamResultItem
from certtrack.store.items.scheduling import AppointmentItem

OPEN = frozenset({"scheduled", "rescheduled"})


def _wait(rule: str, message: str, first_allowed: date) -> Conflict:
    return Conflict(
        f"{rule}: {message}; first date allowed {first_allowed.isoformat()}",
        code=rule,
        details={"first_allowed": first_allowed.isoformat()},
    )


def _after(day: str, days: int) -> date:
    """Waits count calendar days from the day after the attempt."""
    return date.fromisoformat(day) + timedelta(days=days + 1)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def check(
    *,
    exam_code: str,
    offer: ExamOffer,
    policy: Policy,
    on: date,
    results: Iterable[ExamResultItem],
    appointments: Iterable[AppointmentItem],
    exam_validity_years: int,
    moving: str | None = None,
) -> None:
    """Raises the first rule that keeps the candidate from sitting `exam_code` on `on`. `moving`
    names an appointment being rescheduled (it does not count as a second one)."""
    for appointment in appointments:
        if appointment.exam_code == exam_code and appointment.status in OPEN and appointment.appointment_id != moving:
            raise Conflict(
                f"one_open_appointment: {exam_code} is already scheduled for {appointment.starts_at} "
                f"(appointment {appointment.appointment_id}); reschedule or cancel it instead",
                code="one_open_appointment",
            )
    attempts = sorted((r for r in results if r.exam_code == exam_code and r.taken_on < on.isoformat()), key=_day)
    passes = [r for r in attempts if r.passed]
    if passes:
        first = _after(passes[-1].taken_on, policy.after_pass_days)
        if on < first:
            raise _wait(
                "pass_wait",
                f"{exam_code} was passed on {passes[-1].taken_on}: it cannot be taken again for "
                f"{policy.after_pass_days} days",
                first,
            )
    since_pass = [r for r in attempts if not passes or r.taken_on > passes[-1].taken_on]
    failures = [r for r in since_pass if not r.passed]
    if failures:
        row = max((w for w in policy.after_failure if w.failures <= len(failures)), key=lambda w: w.failures)
        first = _after(failures[-1].taken_on, row.days)
        if on < first:
            raise _wait(
                "retake_wait",
                f"{exam_code} was failed on {failures[-1].taken_on} (failure {len(failures)}): "
                f"wait {row.days} days before a retake",
                first,
            )
    if policy.max_attempts:
        limit = policy.max_attempts
        window = [r for r in attempts if date.fromisoformat(r.taken_on) > _add_months(on, -limit.months)]
        if len(window) >= limit.count:
            first = _add_months(date.fromisoformat(window[-limit.count].taken_on), limit.months) + timedelta(days=1)
            raise _wait(
                "attempt_limit",
                f"at most {limit.count} attempts at {exam_code} in {limit.months} months",
                first,
            )
    if offer.qualifying_exams:
        cutoff = _add_months(on, -12 * exam_validity_years).isoformat()
        valid = [r for r in results if r.passed and r.exam_code in offer.qualifying_exams and r.taken_on > cutoff]
        if not valid:
            raise Conflict(
                f"qualifying_exam: {exam_code} needs a passed {' or '.join(offer.qualifying_exams)} still valid "
                f"on {on.isoformat()} (passed within {exam_validity_years} years)",
                code="qualifying_exam",
            )


def _day(result: ExamResultItem) -> str:
    return result.taken_on
