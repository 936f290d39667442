"""`.ci/python`, which picks the interpreter `make` builds the virtualenv with."""

import os
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "python"


def _pick(tmp_path: Path, installed: list[str]) -> str:
    """What the script prints on a machine whose only Python 3.12s are pyenv's `installed`."""
    root, bin_dir = tmp_path / "pyenv", tmp_path / "bin"
    bin_dir.mkdir()
    for version in installed:
        python = root / "versions" / version / "bin" / "python3.12"
        python.parent.mkdir(parents=True)
        python.write_text("#!/bin/sh\n")
        python.chmod(0o755)
    pyenv = bin_dir / "pyenv"
    pyenv.write_text(f"#!/bin/sh\necho '{root}'\n")
    pyenv.chmod(0o755)
    for tool in ("sh", "ls", "grep", "sort"):  # and no python3.12 on PATH
        os.symlink(shutil.which(tool), bin_dir / tool)
    done = subprocess.run(
        ["/bin/sh", str(SCRIPT)], env={"PATH": str(bin_dir)}, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_newest_pyenv_312_is_chosen_by_version_not_by_spelling(tmp_path):
    chosen = _pick(tmp_path, ["3.12.2", "3.12.10", "3.11.11", "3.12.9", "3.13.1"])

    assert chosen == str(tmp_path / "pyenv" / "versions" / "3.12.10" / "bin" / "python3.12")


def test_without_a_312_the_script_falls_back_to_python3(tmp_path):
    assert _pick(tmp_path, ["3.11.11", "3.13.1"]) == "python3"
