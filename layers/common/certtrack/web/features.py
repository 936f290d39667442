"""Which deployable functions serve HTTP: a feature's `app.py` that defines a Chalice `app`
(event-driven functions define `handler` instead)."""

import importlib
from pathlib import Path

from chalice import Chalice


def http_apps(functions_dir: Path) -> dict[str, Chalice]:
    """Feature name → its Chalice app, for every HTTP feature under `functions_dir` (importable)."""
    apps: dict[str, Chalice] = {}
    for path in sorted(functions_dir.glob("*/app.py")):
        if not (path.parent / "__init__.py").exists():
            continue
        app = getattr(importlib.import_module(f"{path.parent.name}.app"), "app", None)
        if isinstance(app, Chalice):
            apps[path.parent.name] = app
    return apps
