"""Stored items load through their models: DynamoDB's decimals become numbers, attributes a model
does not name are ignored (older and newer items still load), and each key builder gives the key
`certtrack.keys` defines. AWS calls and DynamoDB expressions stay inside `certtrack/store/`."""

import re
from decimal import Decimal
from pathlib import Path

from certtrack import keys
from certtrack.store.items.account import ProfileItem, SettingsItem, WelcomeItem
from certtrack.store.items.derived import CertificationItem
from certtrack.store.items.facts import ExamResultItem
from certtrack.store.items.notifications import NotificationItem
from certtrack.store.items.shipments import KitItem, UnclaimedKitItem

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "layers/common/certtrack/store"


def test_exam_result_loads_decimals_as_numbers_and_ignores_unknown_attributes():
    # GIVEN a result as DynamoDB returns it, with attributes the model does not name
    raw = {
        **ExamResultItem.key_of("CSCO00000001", "2026-01-02", "R-1"),
        "type": "exam_result",
        "digest": "abc",
        "result_id": "R-1",
        "candidate_id": "CSCO00000001",
        "exam_code": "200-301",
        "taken_on": "2026-01-02",
        "score": Decimal("850"),
        "passing_score": Decimal("825"),
        "passed": True,
        "sections": [{"name": "Network Fundamentals", "score": Decimal("87.5")}],
    }
    # WHEN it is read
    result = ExamResultItem.from_item(raw)
    # THEN numbers are numbers, defaults fill what older items lack, and the key is the stored one
    assert result.score == 850
    assert result.sections[0].score == 87.5
    assert result.exam_type == "written"
    assert result.open_challenge is None
    assert result.key == {"pk": "CAND#CSCO00000001", "sk": keys.exam_event("2026-01-02", "R-1")}


def test_key_builders_are_the_keys_module():
    assert ProfileItem.key_of("C1") == {"pk": keys.candidate("C1"), "sk": keys.profile()}
    assert SettingsItem.key_of("C1") == {"pk": keys.candidate("C1"), "sk": keys.settings()}
    assert CertificationItem.key_of("C1", "ccna") == {"pk": keys.candidate("C1"), "sk": keys.certification("ccna")}
    assert KitItem.key_of("C1", "ccna-kit") == {"pk": keys.candidate("C1"), "sk": keys.kit("ccna-kit")}
    assert UnclaimedKitItem.key_of("C1", "ccna-kit") == {
        "pk": keys.candidate("C1"),
        "sk": keys.unclaimed_kit("ccna-kit"),
    }
    assert WelcomeItem.key_of("C1") == {"pk": keys.candidate("C1"), "sk": keys.welcome()}
    assert NotificationItem.reminder_key("C1", "ccna", "2027-01-01", "30d") == {
        "pk": keys.candidate("C1"),
        "sk": keys.reminder("ccna", "2027-01-01", "30d"),
    }


def test_profile_logins_stay_a_set():
    raw = {**ProfileItem.key_of("C1"), "candidate_id": "C1", "email": "a@b.c", "first_name": "A", "last_name": "B"}
    assert ProfileItem.from_item({**raw, "logins": {"sub-1"}}).logins == {"sub-1"}
    assert ProfileItem.from_item(raw).full_name == "A B"


def _sources() -> list[tuple[str, str]]:
    files = [*ROOT.glob("functions/**/*.py"), *ROOT.glob("layers/common/certtrack/**/*.py")]
    return [(str(f.relative_to(ROOT)), f.read_text()) for f in files if STORE not in f.parents and f.name != "aws.py"]


def test_no_aws_client_outside_the_store():
    assert [path for path, text in _sources() if "aws.client(" in text] == []


def test_no_dynamodb_expression_outside_the_store():
    expression = re.compile(r'"(SET|ADD|REMOVE|DELETE) |attribute_(not_)?exists\(|list_append\(|condition=')
    assert [path for path, text in _sources() if expression.search(text)] == []


def test_an_unclaimed_kit_sorts_inside_the_landing_pages_range_and_outside_every_other_read():
    """The landing page reads `ACT#` .. `D#CERT#~` in one query; the kit itself sorts outside it."""
    marker = keys.unclaimed_kit("ccie-enterprise-infrastructure-kit")
    assert keys.ACTIVITY_PREFIX < marker < keys.certification("")
    assert not keys.kit("ccna-kit") < keys.certification("~")
    prefixes = [keys.KIT_PREFIX, keys.certification(""), keys.DERIVED, keys.EVENTS, keys.CHALLENGE_PREFIX]
    assert [p for p in prefixes if marker.startswith(p)] == []
