"""What gets deployed: the common layer and each function's package, unzipped and zipped.

The layer is what `layers/common/Makefile` installs (the pins of layers/common/requirements.txt,
without declared dependencies, less the data it deletes) plus the certtrack package. It is measured from the files each
distribution installed in this environment (`importlib.metadata`), so that the bench needs neither
the network nor the SAM CLI: the arm64 wheels `sam build` fetches differ only in their compiled
extensions, and `sam build` adds bytecode (pip compiles it), which this count leaves out. For
comparison, the same for the full dependency closure of requirements.txt (what a
plain `pip install -r` would put in: the Chalice CLI's dependencies, pip, setuptools ...). Every
function's CodeUri is `functions/` (one package; the handler picks the feature), so each function's
package is that folder, without bytecode caches.
"""

import importlib.metadata
import io
import zipfile
from pathlib import Path
from typing import Any

from common import FUNCTIONS, ROOT, table
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LAYER_PINS = ROOT / "layers" / "common" / "requirements.txt"
LAYER_CODE = ROOT / "layers" / "common" / "certtrack"
LAYER_LIMIT = 250 * 1024 * 1024  # Lambda: function + layers, unzipped


def _pins() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in LAYER_PINS.read_text().splitlines())
    return [line.split("==")[0] for line in lines if line and not line.startswith("-")]


def _files(name: str) -> list[Path]:
    dist = importlib.metadata.distribution(name)
    out = []
    for f in dist.files or []:
        path = Path(dist.locate_file(f))
        if path.is_file() and "__pycache__" not in path.parts and ".dist-info" not in str(f).split("/")[0]:
            out.append(path)
    return out


def _kept(files: list[Path]) -> list[Path]:
    """Less what layers/common/Makefile deletes after installing: botocore's models of services the
    layer never calls and pycountry's translations."""
    makefile = (ROOT / "layers" / "common" / "Makefile").read_text()
    services = next(line for line in makefile.splitlines() if line.startswith("BOTOCORE_SERVICES")).split(":=")[1]
    keep = set(services.split())
    out = []
    for path in files:
        parts = path.parts
        if "botocore" in parts and "data" in parts:
            i = parts.index("data")
            if i + 2 < len(parts) and parts[i - 1] == "botocore" and parts[i + 1] not in keep:
                continue
        if "pycountry" in parts and "locales" in parts:
            continue
        out.append(path)
    return out


def _tree(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def _sizes(files: list[Path]) -> tuple[int, int]:
    """(unzipped bytes, zipped bytes) of these files."""
    raw = sum(p.stat().st_size for p in files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, p in enumerate(files):
            archive.write(p, f"{n}")
    return raw, len(buffer.getvalue())


def _closure(names: list[str]) -> set[str]:
    """Every distribution `names` need, transitively (installed ones)."""
    seen, stack = set(), [canonicalize_name(n) for n in names]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for spec in requires:
            requirement = Requirement(spec)
            if not requirement.marker or requirement.marker.evaluate({"extra": ""}):
                stack.append(canonicalize_name(requirement.name))
    return seen


def run() -> dict[str, Any]:
    pins = _pins()
    per_dist = {name: _sizes(_kept(_files(name))) for name in pins}
    code = _sizes(_tree(LAYER_CODE))
    layer_files = _kept([f for name in pins for f in _files(name)]) + _tree(LAYER_CODE)
    layer = _sizes(layer_files)
    runtime = [
        line.split("==")[0]
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    ]
    untrimmed_names = _closure(runtime)
    untrimmed = _sizes([f for name in sorted(untrimmed_names) for f in _files(name)] + _tree(LAYER_CODE))
    functions = _sizes(_tree(FUNCTIONS))
    features = {p.name: _sizes(_tree(p)) for p in sorted(FUNCTIONS.iterdir()) if p.is_dir() and (p / "app.py").exists()}
    return {
        "layer": layer,
        "layer_code": code,
        "untrimmed": untrimmed,
        "left_out": sorted(untrimmed_names - {canonicalize_name(n) for n in pins}),
        "per_distribution": per_dist,
        "functions": functions,
        "features": features,
    }


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    mb = 1024 * 1024
    layer, untrimmed, functions = result["layer"], result["untrimmed"], result["functions"]
    top = sorted(result["per_distribution"].items(), key=lambda kv: -kv[1][0])[:10]
    lines = [
        "12. What gets deployed (sizes from this environment's installed files; see bench/sizes.py)",
        f"   common layer: {layer[0] / mb:.1f} MB unzipped, {layer[1] / mb:.1f} MB zipped (certtrack itself"
        f" {result['layer_code'][0] / 1024:.0f} KB); the full closure of requirements.txt would be"
        f" {untrimmed[0] / mb:.1f} MB / {untrimmed[1] / mb:.1f} MB",
        f"   left out (imported by no function): {', '.join(result['left_out'])}",
        "   largest in the layer: " + ", ".join(f"{n} {s[0] / mb:.1f} MB" for n, s in top),
        f"   each function's package (CodeUri functions/, shared by all {len(result['features'])} HTTP and worker"
        f" features): {functions[0] / 1024:.0f} KB unzipped, {functions[1] / 1024:.0f} KB zipped; by feature folder:",
        table(
            [[name, f"{s[0] / 1024:.1f}", f"{s[1] / 1024:.1f}"] for name, s in result["features"].items()],
            ["feature", "KB", "KB zipped"],
            indent="     ",
        ),
    ]
    ok = layer[0] + functions[0] < LAYER_LIMIT
    return (
        "\n".join(lines),
        [(f"layer + function < 250 MB unzipped ({(layer[0] + functions[0]) / mb:.0f} MB)", ok)],
        result,
    )
