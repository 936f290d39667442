"""Every key of the single table is built here, so that key shapes live in one place.

See docs/data-model.md for the access patterns these keys serve.
"""

CANDIDATE_PREFIX = "CAND#"
ACCOUNT_ITEMS = "A#"  # profile, addresses, settings, welcome seen: the `GET /me` query reads exactly these


def candidate(candidate_id: str) -> str:
    return f"{CANDIDATE_PREFIX}{candidate_id}"


def profile() -> str:
    return f"{ACCOUNT_ITEMS}PROFILE"


def address(kind: str) -> str:
    return f"{ACCOUNT_ITEMS}ADDRESS#{kind}"


def settings() -> str:
    return f"{ACCOUNT_ITEMS}SETTINGS"


def welcome() -> str:
    """The account's Home has greeted it as a first visit (once per account, whatever the device)."""
    return f"{ACCOUNT_ITEMS}WELCOME"


def activity(at_iso: str, activity_id: str) -> str:
    return f"ACT#{at_iso}#{activity_id}"


ACTIVITY_PREFIX = "ACT#"


def login(subject: str) -> dict[str, str]:
    """The pointer from a sign-in subject to its candidate (or to its mapping problem)."""
    return {"pk": f"LOGIN#{subject}", "sk": "LOGIN"}


def email(address_: str) -> dict[str, str]:
    """The pointer from a verified email to the candidate record that owns it."""
    return {"pk": f"EMAIL#{address_.strip().lower()}", "sk": "EMAIL"}


def signup_attempt_notice(address_: str, day: str) -> dict[str, str]:
    """The email telling an account's owner that someone signed up with their address: at most one
    a day, however often it is tried."""
    return {"pk": f"EMAIL#{address_.strip().lower()}", "sk": f"MAIL#SIGNUP#{day}"}


def support_case(case_id: str) -> dict[str, str]:
    return {"pk": f"CASE#{case_id}", "sk": "CASE"}


def cases_by_status(status: str) -> str:
    """GSI1 partition listing support cases in one state, oldest first."""
    return f"CASES#{status}"


def cases_by_login(subject: str) -> str:
    """GSI2 partition listing one login's support cases."""
    return f"LOGIN#{subject}"


# ------------------------------------------------------------------ certification events and state
EVENTS = "E#"  # the facts the rules engine replays: exam results, CE credits, agreements, decisions
EXAM_EVENTS = "E#EXAM#"
CE_EVENTS = "E#CE#"
AGREEMENT_EVENTS = "E#AGREE#"
DERIVED = "D#"  # what the engine concluded: certification items (expiration index) and history


def exam_event(taken_on: str, result_id: str) -> str:
    return f"{EXAM_EVENTS}{taken_on}#{result_id}"


def ce_event(completed_on: str, credit_id: str) -> str:
    return f"{CE_EVENTS}{completed_on}#{credit_id}"


def agreement_event(version: str) -> str:
    return f"{AGREEMENT_EVENTS}{version}"


REVOCATION_EVENTS = "E#REVOKE#"


def revocation_event(cert_id: str, revoked_on: str) -> str:
    return f"{REVOCATION_EVENTS}{cert_id}#{revoked_on}"


EMERITUS_EVENTS = "E#EMERITUS#"


def emeritus_event(cert_id: str, requested_on: str) -> str:
    """A holder's Emeritus request (its reversal is written on the same item)."""
    return f"{EMERITUS_EVENTS}{cert_id}#{requested_on}"


def emeritus_events_of(cert_id: str) -> str:
    """The prefix of one certification's Emeritus requests."""
    return f"{EMERITUS_EVENTS}{cert_id}#"


def emeritus_requests(status: str) -> str:
    """GSI1 partition of the Emeritus requests in one state (`requested`, `reversed`)."""
    return f"EMERITUS#{status}"


def emeritus_request_order(requested_on: str, candidate_id: str, cert_id: str) -> str:
    """GSI1 sort key of an Emeritus request: by the day it was made."""
    return f"{requested_on}#{candidate_id}#{cert_id}"


def result_pointer(result_id: str) -> dict[str, str]:
    """The vendor's result id → its candidate and item: makes delivery idempotent."""
    return {"pk": f"RESULT#{result_id}", "sk": "RESULT"}


def credit_pointer(credit_id: str) -> dict[str, str]:
    return {"pk": f"CREDIT#{credit_id}", "sk": "CREDIT"}


def evaluation_state() -> str:
    return f"{DERIVED}STATE"


def certification(cert_id: str) -> str:
    return f"{DERIVED}CERT#{cert_id}"


def history(cert_id: str, on: str, kind: str) -> str:
    return f"{DERIVED}HIST#{cert_id}#{on}#{kind}"


def history_of(cert_id: str) -> str:
    """The prefix of one certification's history items."""
    return f"{DERIVED}HIST#{cert_id}#"


def expirations_on(day: str) -> str:
    """GSI2 partition of the certifications that expire on `day` (the reminders job reads these)."""
    return f"EXP#{day}"


# ------------------------------------------------------------------ score challenges
CHALLENGE_PREFIX = "CHAL#"


def challenge(created_at: str, challenge_id: str) -> str:
    return f"{CHALLENGE_PREFIX}{created_at}#{challenge_id}"


def challenge_pointer(challenge_id: str) -> dict[str, str]:
    return {"pk": f"CHALLENGE#{challenge_id}", "sk": "CHALLENGE"}


def challenges_by_status(status: str) -> str:
    """GSI1 partition of the score challenges in one state, oldest first."""
    return f"CHALLENGES#{status}"


# ------------------------------------------------------------------ announcements, reminders, calendar
ANNOUNCEMENTS = "ANNOUNCEMENTS"  # GSI1 partition of every announcement, by start date


def announcement(announcement_id: str) -> dict[str, str]:
    return {"pk": f"ANN#{announcement_id}", "sk": "ANN"}


def reminder(cert_id: str, cycle_ends_on: str, threshold: str) -> str:
    """One reminder of one certification's cycle at one threshold: written before it is sent."""
    return f"REMINDER#{cert_id}#{cycle_ends_on}#{threshold}"


def calendar_feed(token_hash: str) -> dict[str, str]:
    """A secret calendar feed (the token's hash → its candidate); deleting it revokes the feed."""
    return {"pk": f"CALFEED#{token_hash}", "sk": "CALFEED"}


def calendar_feed_of_candidate() -> str:
    return "A#CALFEED"


# ------------------------------------------------------------------ certificates
def certificate_document(cert_id: str, earned_on: str, expires_on: str | None) -> str:
    """One certificate per certification cycle: its number and verification code."""
    return f"DOC#CERT#{cert_id}#{earned_on}#{expires_on or 'lifetime'}"


def verification(code: str) -> dict[str, str]:
    """A certificate's public verification code → the candidate and certification."""
    return {"pk": f"VERIFY#{code}", "sk": "VERIFY"}


# ------------------------------------------------------------------ kits
KIT_PREFIX = "KIT#"


def kit(kit_id: str) -> str:
    return f"{KIT_PREFIX}{kit_id}"


UNCLAIMED_KIT_PREFIX = "CLAIM#KIT#"


def unclaimed_kit(kit_id: str) -> str:
    """A kit still waiting for its claim, as the landing page reads it: written in the kit's own
    transaction, deleted in its claim's (and put back if the claim is undone). The kit itself sorts
    outside the landing page's one query (`ACT#` .. `D#CERT#~`); this sorts inside it, just before
    the certifications (`CHAL#` < `CLAIM#` < `D#CERT#`)."""
    return f"{UNCLAIMED_KIT_PREFIX}{kit_id}"


AWAITING_ORDER = "ORDERS#AWAITING"  # GSI1 partition of claims the fulfillment worker has not yet seen


def awaiting_order(claimed_at: str, candidate_id: str, item_sk: str) -> dict[str, str]:
    """GSI1 keys a claimed shipment carries until the fulfillment worker first receives its message,
    oldest first: what stays here was never queued (see `shipping.requeue_stalled`)."""
    return {"gsi1pk": AWAITING_ORDER, "gsi1sk": f"{claimed_at}#{candidate_id}#{item_sk}"}


def order_pointer(order_id: str) -> dict[str, str]:
    """The kit vendor's order id → the candidate and kit (vendor status updates name only the order)."""
    return {"pk": f"ORDER#{order_id}", "sk": "ORDER"}


# ------------------------------------------------------------------ anniversary benefits
BENEFIT_PREFIX = "BENEFIT#"


def benefit(benefit_id: str) -> str:
    return f"{BENEFIT_PREFIX}{benefit_id}"


def first_certification() -> str:
    """Derived: the day the candidate's first certification was earned (GSI2 `FIRST#<day>`)."""
    return f"{DERIVED}FIRST"


def first_certified_on(day: str) -> str:
    return f"FIRST#{day}"


# ------------------------------------------------------------------ domain events
OUTBOX_PREFIX = "OUTBOX#"


def outbox(event_id: str) -> str:
    """A domain event written in the same transaction as the change it announces, deleted once it is
    on the bus: an event is never lost between the write and the publish."""
    return f"{OUTBOX_PREFIX}{event_id}"


def certification_notice(cert_id: str, occurrence: str) -> str:
    """The email of one occurrence of a certification change ("earned-1", "recertified-2"): one,
    however often it is announced and even when a late fact moves the day it happened."""
    return f"MAIL#CERT#{cert_id}#{occurrence}"


# ------------------------------------------------------------------ digital badges
BADGE_PREFIX = "BADGE#"


def badge(cert_id: str, valid_from: str) -> str:
    """One badge per certification cycle (the day it became valid): issuing it twice is refused."""
    return f"{BADGE_PREFIX}{cert_id}#{valid_from}"


def badges_of(cert_id: str) -> str:
    return f"{BADGE_PREFIX}{cert_id}#"


def badge_by_id(badge_id: str) -> dict[str, str]:
    """GSI1 keys of a badge: its public id → the badge (the verification page's look-up)."""
    return {"gsi1pk": f"{BADGE_PREFIX}{badge_id}", "gsi1sk": "BADGE"}


STATUS_ALLOCATION = {"pk": "STATUSLIST", "sk": "ALLOCATION"}


def status_list(list_id: str) -> str:
    return f"STATUSLIST#{list_id}"


def status_slot(index: int) -> str:
    """A status list index taken by one credential (indices are drawn at random, each once)."""
    return f"SLOT#{index:06d}"


REVOKED_SLOTS = "REVOKED#"


def revoked_slot(index: int) -> str:
    """A revoked index: the list is rebuilt from these (they are never removed)."""
    return f"{REVOKED_SLOTS}{index:06d}"


def status_list_credential() -> str:
    return "CREDENTIAL"


# ------------------------------------------------------------------ exam scheduling
def seats(partition: str) -> str:
    """The seat counters of one inventory partition: a country's test centres and lab locations
    (`SLOTS#GB`) or the online proctored sittings (`SLOTS#online`); one Query reads a date range."""
    return f"SLOTS#{partition}"


def seat_counter(starts_at_utc: str, center_id: str) -> str:
    """One sitting's taken seats, sorted by its start so that a date range is a key condition."""
    return f"{starts_at_utc}#{center_id}"


APPOINTMENT_PREFIX = "APPT#"


def appointment(appointment_id: str) -> str:
    """An appointment under its candidate: an id another candidate names is simply not found."""
    return f"{APPOINTMENT_PREFIX}{appointment_id}"


def appointments_on(day: str) -> str:
    """GSI2 partition of the open appointments starting on `day` (UTC): the daily job's reminders
    and no-shows read it, so its cost grows with that day's sittings only."""
    return f"APPTDAY#{day}"


RECEIPT_PREFIX = "RCPT#"


def receipt(receipt_id: str) -> str:
    return f"{RECEIPT_PREFIX}{receipt_id}"


def voucher(code: str) -> dict[str, str]:
    """A voucher by its code: redeemed with a conditional write (single use)."""
    return {"pk": f"VOUCHER#{code}", "sk": "VOUCHER"}


def appointment_notice(appointment_id: str, kind: str) -> str:
    """An appointment's email (confirmation, reminder of one start, cancellation): sent once."""
    return f"MAIL#APPT#{appointment_id}#{kind}"


def open_appointment(exam_code: str) -> str:
    """The candidate's one open appointment for an exam (created with the booking, removed when the
    appointment is cancelled or done): two concurrent bookings of the same exam give one."""
    return f"HOLD#{exam_code}"


UNPAID_HOLDS = "HOLDS#UNPAID"  # GSI1 partition of bookings whose card payment has not completed


def unpaid_hold(expires_at: str, candidate_id: str, appointment_id: str) -> dict[str, str]:
    """The GSI1 keys an appointment carries while its seat is held for a payment, sorted by when the
    hold lapses: the payments sweep reads only the lapsed ones, never the table."""
    return {"gsi1pk": UNPAID_HOLDS, "gsi1sk": f"{expires_at}#{candidate_id}#{appointment_id}"}


REFUND_PREFIX = "REFUND#"
PENDING_REFUNDS = "REFUNDS#PENDING"  # GSI1 partition of refunds the provider has not yet confirmed


def refund(reference: str) -> str:
    """One refund under the candidate, keyed by the reference the provider dedupes on."""
    return f"{REFUND_PREFIX}{reference}"


def pending_refund(requested_at: str, candidate_id: str, reference: str) -> dict[str, str]:
    """The GSI1 keys a refund carries until the provider confirms it (the payments sweep's list)."""
    return {"gsi1pk": PENDING_REFUNDS, "gsi1sk": f"{requested_at}#{candidate_id}#{reference}"}


# ------------------------------------------------------------------ transcripts shared with third parties
TRANSCRIPT_PREFIX = "SHARE#"


def transcript(transcript_id: str) -> str:
    return f"{TRANSCRIPT_PREFIX}{transcript_id}"


def transcript_by_id(transcript_id: str) -> dict[str, str]:
    """GSI1 keys of a transcript: its id (read out with the verification code) → the transcript."""
    return {"gsi1pk": f"TRANSCRIPT#{transcript_id}", "gsi1sk": "TRANSCRIPT"}


def share_token(token_hash: str) -> dict[str, str]:
    """A share link's token, stored only as its hash → the candidate's transcript."""
    return {"pk": f"SHARETOKEN#{token_hash}", "sk": "SHARETOKEN"}


def transcript_views(transcript_id: str) -> str:
    return f"SHAREVIEW#{transcript_id}#"


def transcript_view(transcript_id: str, at: str, view_id: str) -> str:
    return f"{transcript_views(transcript_id)}{at}#{view_id}"
