"""Which exam of the catalog a test's result is for, on the day it was taken: exams are offered for
a period (PROGRAMME.md), so a history decades long goes through the exams of its time."""

from datetime import date

from certtrack.catalog import get_catalog


def offered(codes: list[str], on: date) -> str:
    """The first of `codes` offered on `on`."""
    catalog = get_catalog()
    return next(code for code in codes if catalog.exam(code).offered_on(on))


def ccna_exam(on: date) -> str:
    """The CCNA exam offered on `on` (its sequence since 1998)."""
    return offered([r.exam for r in get_catalog().certification("ccna").requirement.any_of], on)


def ccie_written(on: date) -> str:
    """CCIE Enterprise Infrastructure's qualifying (core) exam on `on`: 350-401, or before 2020 the
    Routing and Switching written exam it replaced."""
    return offered(["350-401", "400-101", "350-001"], on)


def ccie_lab(on: date) -> tuple[str, list[dict]]:
    """The lab exam on `on` and the module results it lists."""
    code = offered(["ccie-ei-lab", "ccie-rs-lab"], on)
    return code, [{"name": m.name, "score": 880} for m in get_catalog().exam(code).modules]
