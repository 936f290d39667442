"""The common layer's pinned list (what `sam build` installs, without declared dependencies) stays in
step with requirements.txt and with what the tests run, and is closed: every dependency of a listed
distribution is listed, or named here as one no function imports."""

import importlib.metadata
import re
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
#: Declared by chalice (its command-line tool), cffi and others, imported by no function.
LEFT_OUT = {
    "click", "inquirer", "blessed", "jinxed", "wcwidth", "readchar", "editor", "runs", "xmod",
    "pyyaml", "pip", "setuptools", "wheel", "packaging", "pycparser",
}  # fmt: skip


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


LAYER = _pins(ROOT / "layers" / "common" / "requirements.txt")


def test_every_runtime_requirement_is_in_the_layer_at_its_version():
    runtime = _pins(ROOT / "requirements.txt")
    assert {name: LAYER.get(name) for name in runtime} == runtime


def test_the_layer_ships_the_versions_the_tests_run():
    installed = {name: importlib.metadata.version(name) for name in LAYER}
    assert installed == LAYER


def test_the_layer_list_is_closed_under_dependencies_but_for_what_no_function_imports():
    environment = {**default_environment(), "python_version": "3.12", "python_full_version": "3.12.0"}
    missing = set()
    for name in LAYER:
        for spec in importlib.metadata.requires(name) or []:
            requirement = Requirement(spec)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
                continue
            dependency = canonicalize_name(requirement.name)
            if dependency not in LAYER and dependency not in LEFT_OUT:
                missing.add(f"{name} needs {dependency}")
    assert missing == set()


def test_what_is_left_out_is_imported_by_no_function():
    imported = set()
    for base in ("functions", "layers/common"):
        for path in (ROOT / base).rglob("*.py"):
            for line in path.read_text().splitlines():
                words = line.split()
                if len(words) > 1 and words[0] in ("import", "from"):
                    imported.add(canonicalize_name(words[1].split(".")[0]))
    assert imported & (LEFT_OUT - {"packaging"}) == set()
    assert "packaging" not in imported


def test_the_layer_keeps_the_botocore_models_of_every_service_the_layer_calls():
    from certtrack import aws

    makefile = (ROOT / "layers" / "common" / "Makefile").read_text()
    kept = next(line for line in makefile.splitlines() if line.startswith("BOTOCORE_SERVICES"))
    assert set(kept.split(":=")[1].split()) == {*aws.SERVICES, "sts"}
    called = set()
    for base in ("functions", "layers/common/certtrack"):
        for path in (ROOT / base).rglob("*.py"):
            called |= set(re.findall(r'aws\.client\("([a-z0-9-]+)"\)', path.read_text()))
    assert called <= set(aws.SERVICES)
