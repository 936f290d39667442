"""Landing page (guide §3), announcements, and the calendar feed."""

import json
from datetime import date, timedelta

import pytest
from features.test_kits import CCNA_KIT_READY
from icalendar import Calendar

from certtrack import clock
from certtrack_local import partners


def deliver(api, candidate_id, code, on, result_id=None):
    body = {
        "result_id": result_id or f"{code}-{on}",
        "candidate_id": candidate_id,
        "exam_code": code,
        "taken_on": on,
        "score": 900,
        "passing_score": 825,
        "passed": True,
    }
    raw = json.dumps(body).encode()
    answer = api.request("POST", "/vendor/exam-results", raw=raw, headers=partners.headers("/vendor/exam-results", raw))
    assert answer.status == 201, answer.body


@pytest.fixture
def candidate(api, users):
    user = users.complete(users.signup(first_name="Lin"))
    user.extra["candidate_id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    agreement = api.get("/me/agreement", token=user.id_token).body
    api.post("/me/agreement", {"version": agreement["version"]}, token=user.id_token)
    return user


@pytest.fixture
def admin(users):
    return users.signup(groups=("admin",))


def announce(api, admin, **fields):
    today = clock.today()
    body = {
        "title": "Exam centres closed",
        "body": "All centres close on **1 January**. See [the notice](https://example.com/notice).",
        "format": "markdown",
        "starts_on": (today - timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=5)).isoformat(),
        **fields,
    }
    answer = api.post("/admin/announcements", body, token=admin.id_token)
    assert answer.status == 201, answer.body
    return answer.body


def test_dashboard_shows_active_announcements_activity_and_expirations(api, candidate, admin):
    # GIVEN a certification expiring within 180 days and an active announcement
    on = (clock.today() - timedelta(days=3 * 365 - 100)).isoformat()
    deliver(api, candidate.extra["candidate_id"], "200-301", on)
    announce(api, admin)
    # WHEN the candidate opens the landing page
    dashboard = api.get("/me/dashboard", token=candidate.id_token)
    # THEN the three panels are filled
    assert dashboard.status == 200
    assert [a["title"] for a in dashboard.body["announcements"]] == ["Exam centres closed"]
    texts = [a["text"] for a in dashboard.body["recent_activity"]]
    assert "Earned CCNA" in texts
    assert "Mailing address updated" in texts
    (expiring,) = dashboard.body["upcoming_expirations"]
    assert expiring["cert_id"] == "ccna"
    assert 0 < expiring["days_left"] <= 180
    assert expiring["ce_missing"] == 30
    assert "30 CE credits" in expiring["recertify_with"]


def test_dashboard_names_what_waits_on_the_candidate_the_agreement_then_the_kit(api, users):
    # GIVEN a candidate who passed CCNA but has not accepted the agreement
    user = users.complete(users.signup())
    cid = api.get("/me", token=user.id_token).body["candidate_id"]
    assert api.get("/me/dashboard", token=user.id_token).body["unclaimed_kits"] == []
    deliver(api, cid, "200-301", (clock.today() - timedelta(days=5)).isoformat())
    # WHEN Home is opened: the agreement waits, and the kit is not claimable yet
    board = api.get("/me/dashboard", token=user.id_token).body
    assert board["pending_agreement"] == [{"cert_id": "ccna", "name": "CCNA"}]
    assert board["unclaimed_kits"] == [
        {
            **CCNA_KIT_READY,
            "certification_status": "pending_agreement",
            "claimable": False,
            "not_claimable_reason": "CCNA is pending the certification agreement: accept the certification agreement"
            " first (Certifications, then Certification Agreement)",
        }
    ]
    # AND once the agreement is accepted, only the kit waits, claimable now
    version = api.get("/me/agreement", token=user.id_token).body["version"]
    assert api.post("/me/agreement", {"version": version}, token=user.id_token).status == 200
    board = api.get("/me/dashboard", token=user.id_token).body
    assert board["pending_agreement"] == []
    assert board["unclaimed_kits"] == [CCNA_KIT_READY]
    # AND once the kit is claimed, nothing waits any more
    assert api.post("/me/kits/ccna-kit/claim", token=user.id_token).status == 200
    board = api.get("/me/dashboard", token=user.id_token).body
    assert (board["pending_agreement"], board["unclaimed_kits"]) == ([], [])


def test_recent_activity_is_the_latest_ten_newest_first(api, candidate):
    for n in range(12):
        api.put("/me/profile", {"company": f"Company {n}"}, token=candidate.id_token)
    activity = api.get("/me/dashboard", token=candidate.id_token).body["recent_activity"]
    assert len(activity) == 10
    assert [a["at"] for a in activity] == sorted((a["at"] for a in activity), reverse=True)


def test_announcements_outside_their_dates_or_retired_are_not_shown(api, candidate, admin):
    today = clock.today()
    announce(api, admin, title="Later", starts_on=(today + timedelta(days=2)).isoformat())
    announce(
        api,
        admin,
        title="Over",
        starts_on=(today - timedelta(days=9)).isoformat(),
        ends_on=(today - timedelta(days=1)).isoformat(),
    )
    retired = announce(api, admin, title="Retired")
    assert api.delete(f"/admin/announcements/{retired['announcement_id']}", token=admin.id_token).status == 200
    shown = api.get("/me/dashboard", token=candidate.id_token).body["announcements"]
    assert shown == []
    listed = {a["title"]: a["status"] for a in api.get("/admin/announcements", token=admin.id_token).body["items"]}
    assert listed == {"Later": "scheduled", "Over": "ended", "Retired": "retired"}


def test_announcements_are_edited_and_refuse_script_links(api, admin):
    created = announce(api, admin)
    edited = api.put(
        f"/admin/announcements/{created['announcement_id']}",
        {**{k: created[k] for k in ("body", "format", "starts_on", "ends_on")}, "title": "Centres reopen"},
        token=admin.id_token,
    )
    assert edited.body["title"] == "Centres reopen"
    bad = api.post(
        "/admin/announcements",
        {"title": "x", "body": "[click](javascript:alert(1))", "starts_on": "2026-01-01", "ends_on": "2026-01-02"},
        token=admin.id_token,
    )
    assert bad.status == 400
    assert bad.error["field"] == "body"
    backwards = api.post(
        "/admin/announcements",
        {"title": "x", "body": "y", "starts_on": "2026-01-05", "ends_on": "2026-01-02"},
        token=admin.id_token,
    )
    assert backwards.status == 400
    assert backwards.error["field"] == "ends_on"
    sneaky = api.post(
        "/admin/announcements",
        {"title": "x", "body": "[click]( javascript:alert(1))", "starts_on": "2026-01-01", "ends_on": "2026-01-02"},
        token=admin.id_token,
    )
    assert sneaky.status == 400


def test_only_admins_write_announcements(api, candidate):
    answer = api.post(
        "/admin/announcements",
        {"title": "x", "body": "y", "starts_on": "2026-01-01", "ends_on": "2026-01-02"},
        token=candidate.id_token,
    )
    assert answer.status == 403


def test_calendar_feed_parses_as_icalendar_with_each_expiration(api, candidate):
    deliver(api, candidate.extra["candidate_id"], "200-301", "2025-03-01")
    feed = api.get("/me/calendar.ics", token=candidate.id_token)
    assert feed.status == 200
    assert feed.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.body)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["CCNA expires"]
    assert events[0].decoded("dtstart") == date(2028, 3, 1)
    assert len(events[0].walk("VALARM")) == 2


def test_secret_feed_address_works_without_login_until_revoked(api, candidate):
    deliver(api, candidate.extra["candidate_id"], "200-301", "2025-03-01")
    assert api.get("/me/calendar/feed", token=candidate.id_token).body == {"exists": False, "created_at": None}
    created = api.post("/me/calendar/feed", token=candidate.id_token)
    assert created.status == 201
    assert api.get("/me/calendar/feed", token=candidate.id_token).body["exists"] is True
    path = "/calendar/" + created.body["url"].rsplit("/calendar/", 1)[1]
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    assert len(token) >= 40
    public = api.get(path)
    assert public.status == 200
    assert b"CCNA expires" in public.body
    rotated = api.post("/me/calendar/feed", token=candidate.id_token).body["url"]
    assert rotated != created.body["url"]
    assert api.get(path).status == 404
    assert api.delete("/me/calendar/feed", token=candidate.id_token).status == 204
    assert api.get("/calendar/" + rotated.rsplit("/calendar/", 1)[1]).status == 404
    assert api.get("/calendar/not-a-token.ics").status == 404
