"""Lambda SnapStart runtime hooks: what a function's first request would otherwise pay, done once
before the snapshot; what must not be shared between restored copies, renewed after each restore.

With SnapStart (`infra/template.yaml`: published versions behind the `live` alias) Lambda runs a
function's initialisation once, when a version is published, snapshots the memory and starts every
new execution environment from that snapshot. Whatever the before-snapshot hook does is therefore
paid once per version instead of once per cold start: the catalog, the settings, the boto3 session
with its loaded service models and endpoint data, the pydantic validators (built on first use
otherwise, `certtrack.models.Model`), the tracer (the X-Ray SDK import). The hook makes no AWS call:
no connection is open when the snapshot is taken.

After a restore, many environments share one memory image: Python's `random` would produce the same
sequence in each (reseeded from the OS), and the session's credentials were resolved for the
snapshot's environment (a new session, reusing the loaded service models, resolves them again on
the first call). Tokens and ids come from `secrets`/`uuid4` (the OS's randomness), which need nothing.

Registered once per process, from `certtrack.observability`, which every function imports, or from
`preload`, by which a module names what it imports on first use (so that its import stays lean and
the snapshot still holds it). Outside
Lambda the hooks are registered and never run (`bench/snapstart.py` runs them to measure them).
"""

import importlib
import random
from typing import Any

from snapshot_restore_py import register_after_restore, register_before_snapshot

_registered = False
_preloads: list[str] = []


def register() -> None:
    """Register both hooks (once, however often it is called)."""
    global _registered
    if not _registered:
        register_before_snapshot(before_snapshot)
        register_after_restore(after_restore)
        _registered = True


def preload(*modules: str) -> None:
    """Modules the caller imports on first use rather than at import: the before-snapshot hook imports
    them, so that a cold start saves their import and SnapStart still takes it out of the first request."""
    register()
    _preloads.extend(name for name in modules if name not in _preloads)


def before_snapshot() -> None:
    """Load and build what every first request would: the preloaded modules, settings, catalog,
    clients, validators, tracer."""
    for name in _preloads:
        importlib.import_module(name)
    from certtrack import aws
    from certtrack.catalog import get_catalog
    from certtrack.observability import tracer
    from certtrack.settings import get_settings

    get_settings()
    get_catalog()
    aws.prepare()
    tracer()
    for model in _deferred_models():
        model.model_rebuild()


def after_restore() -> None:
    """Reseed `random` and renew the credentials and connections the snapshot holds."""
    from certtrack import aws

    random.seed()
    aws.renew()


def _deferred_models() -> list[Any]:
    """Every loaded pydantic model whose validator is still to be built (`defer_build`), generic
    bases apart (only their parametrisations validate)."""
    from pydantic import BaseModel

    found, stack = [], [BaseModel]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        deferred = cls.model_config.get("defer_build") and not cls.__pydantic_complete__
        if deferred and not cls.__pydantic_generic_metadata__["parameters"]:
            found.append(cls)
    return found
