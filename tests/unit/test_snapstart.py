"""The SnapStart hooks: what the before-snapshot hook prepares, what the after-restore hook renews."""

import random

import pytest
import snapshot_restore_py
from function_env import FUNCTION_ENV

from certtrack import aws, snapstart
from certtrack.settings import get_settings


@pytest.fixture
def function_env(monkeypatch):
    for name, value in FUNCTION_ENV.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    aws.reset_clients()
    yield
    aws.reset_clients()
    get_settings.cache_clear()


def test_the_hooks_are_registered_once_by_importing_the_observability_module():
    import certtrack.observability  # noqa: F401 (every function imports it)

    snapstart.register()
    snapshot = [entry for entry in snapshot_restore_py.get_before_snapshot() if snapstart.before_snapshot in entry]
    restore = [entry for entry in snapshot_restore_py.get_after_restore() if snapstart.after_restore in entry]
    assert len(snapshot) == len(restore) == 1


def test_before_snapshot_builds_every_client_and_the_deferred_validators(function_env):
    from certtrack.store.items.account import ProfileItem

    snapstart.before_snapshot()

    assert set(aws._clients) == set(aws.SERVICES)
    assert ProfileItem.__pydantic_complete__
    assert snapstart._deferred_models() == []


def test_after_restore_renews_session_and_clients_but_keeps_the_parsed_service_models(function_env):
    snapstart.before_snapshot()
    session, loader, dynamodb = aws._session, aws._loader, aws.client("dynamodb")
    random.seed(7)
    shared = random.random()

    random.seed(7)
    snapstart.after_restore()

    assert random.random() != shared  # each restored copy draws its own sequence
    assert aws._session is not session
    assert aws._clients == {}
    assert aws.client("dynamodb") is not dynamodb
    assert aws._loader is loader
