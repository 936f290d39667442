"""The programme's rules (../shared/PROGRAMME.md), one test each, on the shipped catalog."""

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certtrack.catalog import load
from certtrack.rules.engine import Acceptance, CeCredit, ExamResult, add_years, evaluate

CATALOG = load()
TODAY = date(2026, 11, 28)
SIGNED = [Acceptance("2025-01", date(2025, 1, 2))]
_ids = itertools.count(1)


def passed(code: str, on: date) -> ExamResult:
    return ExamResult(f"r{next(_ids)}", code, on, True)


def credit(amount: float, on: date, received: date | None = None) -> CeCredit:
    return CeCredit(f"c{next(_ids)}", amount, on, received or on)


def state(results=(), credits=(), acceptances=SIGNED, today=TODAY):
    return evaluate(CATALOG, results, credits, acceptances, today).certifications


def test_associate_is_earned_by_its_exam_and_valid_three_years():
    certs = state([passed("200-301", date(2025, 3, 1))])
    assert certs["ccna"].status == "active"
    assert certs["ccna"].earned_on == date(2025, 3, 1)
    assert certs["ccna"].expires_on == date(2028, 3, 1)


def test_failed_exam_earns_nothing():
    certs = state([ExamResult("f1", "200-301", date(2025, 3, 1), False)])
    assert "ccna" not in certs


def test_entry_level_never_expires():
    certs = state([passed("100-150", date(2001, 5, 5))])
    assert certs["ccst-networking"].status == "active"
    assert certs["ccst-networking"].expires_on is None


def test_professional_needs_core_and_one_concentration_earned_on_the_last():
    core = state([passed("350-401", date(2025, 1, 10))])
    assert core["ccnp-enterprise"].status == "in_progress"
    assert core["specialist-enterprise-core"].status == "active"  # a specialist comes with the core exam
    both = state([passed("350-401", date(2025, 1, 10)), passed("300-410", date(2025, 6, 1))])
    assert both["ccnp-enterprise"].status == "active"
    assert both["ccnp-enterprise"].earned_on == date(2025, 6, 1)
    assert {i.exam for i in both["ccnp-enterprise"].checklist if i.met} == {"350-401", "300-410"}


def test_professional_with_a_concentration_of_another_track_is_not_earned():
    certs = state([passed("350-401", date(2025, 1, 10)), passed("300-710", date(2025, 6, 1))])
    assert certs["ccnp-enterprise"].status == "in_progress"


def test_expert_lab_needs_a_qualifying_exam_still_valid_on_the_lab_date():
    fresh = state([passed("350-401", date(2024, 1, 10)), passed("ccie-ei-lab", date(2025, 6, 1))])
    assert fresh["ccie-enterprise-infrastructure"].status == "active"
    stale = state(
        [passed("350-401", date(2019, 1, 10)), passed("ccie-ei-lab", date(2024, 6, 1))], today=date(2024, 7, 1)
    )
    assert stale["ccie-enterprise-infrastructure"].status == "in_progress"


def test_lab_before_the_qualifying_exam_does_not_count():
    certs = state([passed("ccie-ei-lab", date(2024, 6, 1)), passed("350-401", date(2025, 1, 10))])
    assert certs["ccie-enterprise-infrastructure"].status == "in_progress"


def test_unaccepted_agreement_leaves_it_pending_and_acceptance_keeps_the_earned_date():
    pending = state([passed("200-301", date(2025, 3, 1))], acceptances=[])
    assert pending["ccna"].status == "pending_agreement"
    accepted = state([passed("200-301", date(2025, 3, 1))], acceptances=[Acceptance("2025-01", date(2026, 2, 1))])
    assert accepted["ccna"].status == "active"
    assert accepted["ccna"].earned_on == date(2025, 3, 1)
    assert [h.kind for h in accepted["ccna"].history] == ["earned", "agreement"]


def test_an_older_agreement_version_does_not_cover_a_later_certification():
    certs = state([passed("200-301", date(2025, 3, 1))], acceptances=[Acceptance("2019-01", date(2020, 1, 1))])
    assert certs["ccna"].status == "pending_agreement"


def test_expired_after_three_years_without_recertification():
    certs = state([passed("200-301", date(2020, 3, 1))])
    assert certs["ccna"].status == "expired"
    assert certs["ccna"].history[-1].kind == "expired"
    assert certs["ccna"].history[-1].on == date(2023, 3, 1)


def test_once_expired_old_exams_do_not_count_and_it_is_earned_again_from_scratch():
    certs = state(
        [passed("350-401", date(2020, 1, 1)), passed("300-410", date(2020, 2, 1)), passed("300-415", date(2024, 1, 1))]
    )
    # CCNP Enterprise earned 2020-02-01 expired 2023-02-01; the 2024 concentration alone is not enough
    assert certs["ccnp-enterprise"].status == "expired"
    again = state(
        [
            passed("350-401", date(2020, 1, 1)),
            passed("300-410", date(2020, 2, 1)),
            passed("350-401", date(2024, 1, 1)),
            passed("300-415", date(2024, 2, 1)),
        ]
    )
    assert again["ccnp-enterprise"].status == "active"
    assert again["ccnp-enterprise"].earned_on == date(2024, 2, 1)
    assert [h.kind for h in again["ccnp-enterprise"].history] == ["earned", "expired", "earned", "agreement"]


def test_associate_recertifies_with_any_associate_exam_three_years_after_the_previous_expiry():
    certs = state([passed("200-301", date(2024, 3, 1)), passed("200-201", date(2025, 5, 1))])
    assert certs["ccna"].expires_on == date(2030, 3, 1)
    assert certs["ccna"].history[-1].kind == "recertified"


def test_associate_recertifies_with_30_ce_credits_but_not_29():
    base = [passed("200-301", date(2024, 3, 1))]
    short = state(base, [credit(29, date(2025, 1, 1))])
    assert short["ccna"].expires_on == date(2027, 3, 1)
    assert short["ccna"].ce_in_cycle == 29
    enough = state(base, [credit(16, date(2025, 1, 1)), credit(14, date(2025, 2, 1))])
    assert enough["ccna"].expires_on == date(2030, 3, 1)


def test_professional_recertifies_with_two_concentration_exams():
    base = [passed("350-401", date(2024, 1, 1)), passed("300-410", date(2024, 2, 1))]
    one = state([*base, passed("300-415", date(2025, 1, 1))])
    assert one["ccnp-enterprise"].expires_on == date(2027, 2, 1)
    two = state([*base, passed("300-415", date(2025, 1, 1)), passed("300-420", date(2025, 6, 1))])
    assert two["ccnp-enterprise"].expires_on == date(2030, 2, 1)


def test_professional_recertifies_with_40_ce_and_one_concentration_exam():
    base = [
        passed("350-401", date(2024, 1, 1)),
        passed("300-410", date(2024, 2, 1)),
        passed("300-415", date(2025, 6, 1)),
    ]
    certs = state(base, [credit(40, date(2025, 3, 1))])
    assert certs["ccnp-enterprise"].expires_on == date(2030, 2, 1)
    assert certs["ccnp-enterprise"].history[-1].detail == "recertified by 40 CE credits and one concentration exam"


def test_professional_recertifies_with_80_ce_credits_and_renews_what_it_covers():
    base = [
        passed("350-401", date(2024, 1, 1)),
        passed("300-410", date(2024, 2, 1)),
        passed("200-301", date(2024, 3, 1)),
    ]
    certs = state(base, [credit(50, date(2025, 3, 1)), credit(30, date(2025, 4, 1))])
    assert certs["ccnp-enterprise"].expires_on == date(2030, 2, 1)
    assert certs["ccna"].expires_on == date(2030, 3, 1)
    assert certs["specialist-enterprise-advanced-routing"].expires_on == date(2030, 2, 1)
    assert certs["ccna"].history[-1].kind == "recertified"


def test_a_renewal_cannot_be_stacked_ahead_of_its_cycle():
    # GIVEN CCNA renewed early in its first cycle
    results = [
        passed("200-301", date(2024, 3, 1)),
        passed("200-201", date(2024, 6, 1)),
        passed("200-901", date(2024, 9, 1)),
    ]
    certs = state(results)
    # THEN the third associate exam does not add another three years
    assert certs["ccna"].expires_on == date(2030, 3, 1)


def test_activities_banked_early_renew_when_the_next_cycle_opens():
    # GIVEN a renewal in the first cycle and 30 CE credits earned before the second cycle began
    results = [passed("200-301", date(2018, 3, 1)), passed("200-201", date(2019, 6, 1))]
    certs = state(results, [credit(30, date(2020, 6, 1))])
    # THEN the credits renew it when the second cycle opens (2021-03-01), so it never expires
    assert certs["ccna"].expires_on == date(2027, 3, 1)
    assert [h.kind for h in certs["ccna"].history][:3] == ["earned", "recertified", "recertified"]


def test_expert_recertifies_with_80_ce_and_one_concentration_exam():
    base = [passed("350-401", date(2024, 1, 1)), passed("ccie-ei-lab", date(2024, 3, 1))]
    certs = state([*base, passed("300-430", date(2025, 9, 1))], [credit(80, date(2025, 3, 1))])
    assert certs["ccie-enterprise-infrastructure"].expires_on == date(2030, 3, 1)


def test_expert_recertifies_with_120_ce_credits():
    base = [passed("350-401", date(2024, 1, 1)), passed("ccie-ei-lab", date(2024, 3, 1))]
    short = state(base, [credit(119, date(2025, 3, 1))])
    assert short["ccie-enterprise-infrastructure"].expires_on == date(2027, 3, 1)
    full = state(base, [credit(60, date(2025, 3, 1)), credit(60, date(2025, 4, 1))])
    assert full["ccie-enterprise-infrastructure"].expires_on == date(2030, 3, 1)


def test_ce_credits_count_only_while_a_certification_is_active():
    result = evaluate(CATALOG, [passed("200-301", date(2024, 3, 1))], [credit(30, date(2024, 1, 1))], SIGNED, TODAY)
    (state_,) = result.credits.values()
    assert state_.status == "rejected"
    assert "no active certification" in state_.reason
    assert result.certifications["ccna"].expires_on == date(2027, 3, 1)


def test_ce_credits_submitted_after_90_days_are_refused():
    late = credit(30, date(2025, 1, 1), received=date(2025, 4, 5))
    result = evaluate(CATALOG, [passed("200-301", date(2024, 3, 1))], [late], SIGNED, TODAY)
    assert result.credits[late.credit_id].status == "rejected"
    assert result.certifications["ccna"].expires_on == date(2027, 3, 1)


def test_credits_used_for_a_cycle_do_not_count_again():
    certs = state([passed("200-301", date(2024, 3, 1))], [credit(30, date(2024, 6, 1)), credit(20, date(2025, 6, 1))])
    assert certs["ccna"].expires_on == date(2030, 3, 1)
    assert certs["ccna"].ce_in_cycle == 20


def test_leap_day_expiry():
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


_EVENTS = [
    passed("200-301", date(2019, 4, 1)),
    passed("350-401", date(2021, 1, 5)),
    passed("300-410", date(2021, 6, 1)),
    passed("ccie-ei-lab", date(2022, 2, 1)),
    passed("300-415", date(2023, 5, 1)),
    passed("350-701", date(2024, 8, 1)),
    passed("300-715", date(2025, 1, 1)),
    ExamResult("fail1", "300-420", date(2023, 1, 1), False),
]
_CREDITS = [
    credit(40, date(2022, 9, 1)),
    credit(45, date(2023, 10, 1)),
    credit(36, date(2024, 2, 1)),
    credit(30, date(2019, 1, 1)),
]


def _snapshot(evaluation):
    return (
        {
            k: (v.status, v.earned_on, v.expires_on, v.ce_in_cycle, tuple(v.history))
            for k, v in evaluation.certifications.items()
        },
        {k: (v.status, v.reason, tuple(v.used_for)) for k, v in evaluation.credits.items()},
    )


@settings(max_examples=60, deadline=None)
@given(st.permutations(_EVENTS + _CREDITS), st.lists(st.sampled_from(_EVENTS + _CREDITS), max_size=5))
def test_any_order_with_duplicates_ends_in_the_chronological_state(order, duplicates):
    chronological = evaluate(CATALOG, _EVENTS, _CREDITS, SIGNED, TODAY)
    delivered = list(order) + duplicates
    shuffled = evaluate(
        CATALOG,
        [e for e in delivered if isinstance(e, ExamResult)],
        [c for c in delivered if isinstance(c, CeCredit)],
        SIGNED,
        TODAY,
    )
    assert _snapshot(shuffled) == _snapshot(chronological)


@pytest.mark.parametrize("cert_id", sorted(CATALOG.certifications))
def test_every_shipped_certification_can_be_earned(cert_id):
    cert = CATALOG.certifications[cert_id]
    codes = []

    def walk(node):
        if hasattr(node, "exam"):
            codes.extend([*node.after, node.exam])
        elif hasattr(node, "all_of"):
            for child in node.all_of:
                walk(child)
        else:
            walk((getattr(node, "any_of", None) or node.of)[0])

    walk(cert.requirement)
    results = [passed(code, date(2025, 1, 1 + i)) for i, code in enumerate(dict.fromkeys(codes))]
    assert state(results)[cert_id].status == "active"


def test_renewing_the_highest_certification_renews_what_it_covers(monkeypatch):
    # GIVEN a catalog where CCNA's own options could not renew it
    associate = CATALOG.level("associate")
    monkeypatch.setattr(associate, "options", [o for o in associate.options if o.ce])
    base = [
        passed("350-401", date(2024, 1, 1)),
        passed("300-410", date(2024, 2, 1)),
        passed("200-301", date(2024, 3, 1)),
    ]
    # WHEN CCNP Enterprise recertifies with two concentration exams
    certs = state([*base, passed("300-415", date(2025, 1, 1)), passed("300-420", date(2025, 2, 1))])
    # THEN CCNA is renewed with it
    assert certs["ccnp-enterprise"].expires_on == date(2030, 2, 1)
    assert certs["ccna"].expires_on == date(2030, 3, 1)
    assert certs["ccna"].history[-1].detail == "renewed with CCNP Enterprise"


def test_revocation_ends_the_holding_and_old_passes_do_not_earn_it_again():
    from certtrack.rules.engine import Revocation

    exam = passed("200-301", date(2025, 3, 1))
    revoked = Revocation("ccna", date(2025, 6, 1), "exam content shared")
    certs = evaluate(CATALOG, [exam], [], SIGNED, TODAY, [revoked]).certifications
    assert certs["ccna"].status == "revoked"
    assert certs["ccna"].revoked_on == date(2025, 6, 1)
    assert certs["ccna"].expires_on is None
    assert [h.kind for h in certs["ccna"].history] == ["earned", "revoked"]
    # a pass after the revocation earns it again; the revocation stays in the history
    again = evaluate(CATALOG, [exam, passed("200-301", date(2026, 1, 5))], [], SIGNED, TODAY, [revoked])
    ccna = again.certifications["ccna"]
    assert ccna.status == "active"
    assert ccna.earned_on == date(2026, 1, 5)
    assert [h.kind for h in ccna.history] == ["earned", "revoked", "earned"]


def test_a_revocation_of_a_certification_not_held_changes_nothing():
    from certtrack.rules.engine import Revocation

    exam = passed("200-301", date(2025, 3, 1))
    before = evaluate(CATALOG, [exam], [], SIGNED, TODAY).certifications
    after = evaluate(CATALOG, [exam], [], SIGNED, TODAY, [Revocation("devnet-associate", date(2025, 6, 1), "x")])
    assert after.certifications == before


# ------------------------------------------------------------------ expert tenure (CCIE Emeritus)
CCIE = "ccie-enterprise-infrastructure"
#: CCIE Enterprise Infrastructure earned 2016-03-01, recertified with the core exam in every cycle
#: from then on: expiries 2019, 2022, 2025, 2028, 2031 ... each on 1 March.
EARNED = [passed("350-401", date(2016, 1, 10)), passed("ccie-ei-lab", date(2016, 3, 1))]


def recertified_until(year: int) -> list[ExamResult]:
    """The core exam passed in June of every third year from 2018 to `year`: one renewal per cycle."""
    return [*EARNED, *(passed("350-401", date(y, 6, 1)) for y in range(2018, year + 1, 3))]


def ccie(results, today, emeritus=()):
    from certtrack.rules.engine import EmeritusRequest

    requests = [r if isinstance(r, EmeritusRequest) else EmeritusRequest(CCIE, r) for r in emeritus]
    return evaluate(CATALOG, results, [], SIGNED, today, (), requests).certifications[CCIE]


def test_emeritus_eligibility_starts_on_the_tenth_anniversary_of_the_unbroken_holding():
    # GIVEN a CCIE held without a break since 2016-03-01
    history = recertified_until(2024)
    # WHEN it has been held 9 years and 364 days, THEN it is not eligible; a request then changes nothing
    early = ccie(history, date(2026, 2, 28), emeritus=[date(2026, 2, 28)])
    assert (early.status, early.emeritus_eligible, early.emeritus_eligible_from) == ("active", False, date(2026, 3, 1))
    assert early.emeritus_requested_on is None
    assert "emeritus_requested" not in [h.kind for h in early.history]
    # WHEN it has been held 10 years, THEN it is eligible, and lifetime Emeritus is due after 20
    on_time = ccie(history, date(2026, 3, 1))
    assert (on_time.status, on_time.emeritus_eligible) == ("active", True)
    assert on_time.lifetime_from == date(2036, 3, 1)


def test_a_break_in_the_holding_restarts_the_tenure():
    # GIVEN a CCIE that expired in 2019 (never recertified), earned again in 2020 and recertified in 2022
    again = [
        *EARNED,
        passed("350-401", date(2020, 1, 10)),
        passed("ccie-ei-lab", date(2020, 5, 4)),
        passed("350-401", date(2022, 6, 1)),
    ]
    state = ccie(again, date(2026, 3, 1))
    # THEN its tenure counts from 2020
    assert (state.earned_on, state.emeritus_eligible_from, state.emeritus_eligible) == (
        date(2020, 5, 4),
        date(2030, 5, 4),
        False,
    )


def test_an_emeritus_request_stops_renewal_and_the_cycle_ends_in_emeritus_with_history():
    # GIVEN a CCIE held 10 years, recertified until 2028-03-01, and a request on 2026-03-02
    history = [*recertified_until(2024), passed("350-401", date(2027, 6, 1))]  # an exam after the request
    # WHILE the cycle runs it stays active, and the exam after the request does not renew it
    running = ccie(history, date(2028, 2, 29), emeritus=[date(2026, 3, 2)])
    assert (running.status, running.expires_on, running.emeritus_requested_on) == (
        "active",
        date(2028, 3, 1),
        date(2026, 3, 2),
    )
    assert running.emeritus_eligible is False  # requested already
    # WHEN the cycle ends, THEN it is Emeritus instead of expired: the holding (and its number) stays
    emeritus = ccie(history, date(2028, 3, 1), emeritus=[date(2026, 3, 2)])
    assert (emeritus.status, emeritus.emeritus_since, emeritus.earned_on) == (
        "emeritus",
        date(2028, 3, 1),
        date(2016, 3, 1),
    )
    assert (emeritus.expires_on, emeritus.lifetime_since, emeritus.held, emeritus.in_force) == (None, None, True, False)
    assert [(h.on, h.kind) for h in emeritus.history[-2:]] == [
        (date(2026, 3, 2), "emeritus_requested"),
        (date(2028, 3, 1), "emeritus"),
    ]
    # AND an expert exam passed as Emeritus renews nothing and earns nothing again
    later = ccie([*history, passed("350-401", date(2029, 1, 5))], date(2030, 1, 1), emeritus=[date(2026, 3, 2)])
    assert (later.status, later.expires_on) == ("emeritus", None)


def test_twenty_consecutive_years_active_or_emeritus_make_emeritus_lifetime():
    # GIVEN Emeritus since 2028 on a holding that began 2016-03-01
    emeritus = [date(2026, 3, 2)]
    before = ccie(recertified_until(2024), date(2036, 2, 29), emeritus=emeritus)
    assert (before.status, before.lifetime_since) == ("emeritus", None)
    # WHEN the holding reaches 20 years, THEN it is lifetime Emeritus, with its history entry
    after = ccie(recertified_until(2024), date(2036, 3, 1), emeritus=emeritus)
    assert (after.status, after.lifetime_since) == ("emeritus", date(2036, 3, 1))
    assert (after.history[-1].on, after.history[-1].kind) == (date(2036, 3, 1), "lifetime_emeritus")


def test_twenty_years_active_make_lifetime_emeritus_and_the_cycle_end_turns_emeritus_unasked():
    # GIVEN a CCIE recertified in every cycle up to the one ending 2040-03-01, never asked for Emeritus
    history = recertified_until(2036)
    # WHEN it reaches 20 years, THEN it is still active, now with lifetime Emeritus
    active = ccie(history, date(2036, 3, 1))
    assert (active.status, active.lifetime_since, active.expires_on) == ("active", date(2036, 3, 1), date(2037, 3, 1))
    # AND when that cycle ends unrenewed it becomes Emeritus instead of expiring
    ended = ccie(history, date(2040, 3, 1))
    assert (ended.status, ended.emeritus_since) == ("emeritus", date(2040, 3, 1))
    assert "expired" not in [h.kind for h in ended.history]


def test_a_holding_that_ends_before_twenty_years_is_not_lifetime():
    # GIVEN a CCIE recertified until 2034-03-01 (18 years), then left to expire
    ended = ccie(recertified_until(2030), date(2037, 1, 1))
    assert (ended.status, ended.lifetime_since) == ("expired", None)
    assert "lifetime_emeritus" not in [h.kind for h in ended.history]


def test_a_reversed_request_lets_the_certification_renew_again():
    from certtrack.rules.engine import EmeritusRequest

    # GIVEN a request on 2026-03-02 that an administrator reversed on 2026-04-01
    reversed_ = EmeritusRequest(CCIE, date(2026, 3, 2), date(2026, 4, 1), "asked by mistake")
    history = [*recertified_until(2024), passed("350-401", date(2027, 6, 1))]
    state = ccie(history, date(2028, 6, 1), emeritus=[reversed_])
    # THEN the exam of 2027 renewed it as usual, and the history keeps both decisions
    assert (state.status, state.expires_on, state.emeritus_requested_on) == ("active", date(2031, 3, 1), None)
    assert state.emeritus_eligible is True
    assert [h.kind for h in state.history if h.kind.startswith("emeritus")] == [
        "emeritus_requested",
        "emeritus_reversed",
    ]
    assert next(h.detail for h in state.history if h.kind == "emeritus_reversed") == "asked by mistake"


def test_reversing_an_emeritus_that_began_ends_the_holding_but_lifetime_stays():
    from certtrack.rules.engine import EmeritusRequest

    # GIVEN Emeritus since 2028-03-01, reversed on 2029-01-15
    reversed_ = EmeritusRequest(CCIE, date(2026, 3, 2), date(2029, 1, 15), "not eligible after all")
    state = ccie(recertified_until(2024), date(2030, 1, 1), emeritus=[reversed_])
    # THEN it is no longer held: expired, and its tenure is gone
    assert (state.status, state.earned_on, state.emeritus_since, state.emeritus_eligible_from) == (
        "expired",
        None,
        None,
        None,
    )
    # BUT a reversal after the holding became lifetime Emeritus changes nothing
    late = EmeritusRequest(CCIE, date(2026, 3, 2), date(2037, 1, 15), "too late")
    lifetime = ccie(recertified_until(2024), date(2038, 1, 1), emeritus=[late])
    assert (lifetime.status, lifetime.lifetime_since) == ("emeritus", date(2036, 3, 1))
    assert "emeritus_reversed" not in [h.kind for h in lifetime.history]


def test_levels_without_tenure_rules_have_no_emeritus():
    from certtrack.rules.engine import EmeritusRequest

    ccna = evaluate(
        CATALOG,
        [passed("200-301", date(2000, 3, 1)), *(passed("200-301", date(y, 6, 1)) for y in range(2002, 2026, 3))],
        [],
        SIGNED,
        date(2025, 1, 1),
        (),
        [EmeritusRequest("ccna", date(2024, 1, 1))],
    ).certifications["ccna"]
    assert (ccna.status, ccna.emeritus_eligible_from, ccna.emeritus_requested_on) == ("active", None, None)


def test_whole_years_count_an_anniversary_on_its_day():
    from certtrack.rules.engine import whole_years

    assert whole_years(date(2016, 3, 1), date(2026, 2, 28)) == 9
    assert whole_years(date(2016, 3, 1), date(2026, 3, 1)) == 10
    assert whole_years(date(2016, 2, 29), date(2026, 2, 28)) == 10
