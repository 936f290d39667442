"""The catalog is data, validated when loaded: a broken one names the file and the entry."""

import json
import shutil
from pathlib import Path

import pytest

from certtrack.catalog import CatalogError, load

SHIPPED = Path(__file__).resolve().parents[2] / "catalog"


@pytest.fixture
def catalog_copy(tmp_path):
    target = tmp_path / "catalog"
    shutil.copytree(SHIPPED, target)
    return target


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_the_shipped_catalog_covers_the_programme():
    catalog = load(SHIPPED)
    for cert_id in (
        "ccna",
        "cyberops-associate",
        "devnet-associate",
        "specialist-enterprise-core",
        "specialist-enterprise-advanced-routing",
        "ccnp-enterprise",
        "ccnp-security",
        "ccie-enterprise-infrastructure",
        "ccie-security",
    ):
        assert cert_id in catalog.certifications
    for code in (
        "200-301",
        "200-201",
        "200-901",
        "350-401",
        "350-701",
        "ccie-ei-lab",
        "ccie-sec-lab",
        *(f"300-4{n}" for n in ("10", "15", "20", "25", "30", "35", "40")),
        *(f"300-7{n}" for n in ("10", "15", "20", "25", "30", "35")),
    ):
        assert code in catalog.exams
    assert {lvl: catalog.level(lvl).ce_required for lvl in ("associate", "specialist", "professional", "expert")} == {
        "associate": 30,
        "specialist": 40,
        "professional": 80,
        "expert": 120,
    }
    assert not any(c.kit for c in catalog.certifications.values() if c.level == "specialist")


def test_an_unknown_exam_in_a_requirement_names_file_and_entry(catalog_copy):
    _edit(
        catalog_copy / "certifications.json", lambda d: d["certifications"][1].update(requirement={"exam": "999-999"})
    )
    with pytest.raises(CatalogError, match=r"certifications\.json: entry ccna: unknown exam 999-999"):
        load(catalog_copy)


def test_a_malformed_entry_names_file_entry_and_field(catalog_copy):
    _edit(catalog_copy / "exams.json", lambda d: d["exams"][0].update(type="oral"))
    with pytest.raises(CatalogError, match=r"exams\.json: entry 100-150: type"):
        load(catalog_copy)


def test_a_practical_exam_without_modules_is_refused(catalog_copy):
    _edit(catalog_copy / "exams.json", lambda d: d["exams"][-1].update(modules=[]))
    with pytest.raises(CatalogError, match=r"exams\.json: entry ccie-sec-lab"):
        load(catalog_copy)


def test_a_missing_agreement_text_is_refused(catalog_copy):
    (catalog_copy / "agreement-2025-01.txt").unlink()
    with pytest.raises(CatalogError, match="agreement 2025-01"):
        load(catalog_copy)


def test_the_expert_kit_holds_an_engraved_plaque_and_experts_have_tenure_rules():
    catalog = load(SHIPPED)
    contents = {lvl: [(c.item, c.engraved) for c in catalog.level(lvl).kit_contents] for lvl in ("associate", "expert")}
    assert contents == {
        "associate": [("certificate", False), ("card", False)],
        "expert": [("certificate", False), ("card", False), ("plaque", True)],
    }
    tenure = catalog.level("expert").tenure
    assert (tenure.emeritus_after_years, tenure.lifetime_after_years) == (10, 20)
    assert all(catalog.level(lvl).tenure is None for lvl in ("entry", "associate", "specialist", "professional"))


def test_a_certification_with_a_kit_needs_its_levels_kit_contents(catalog_copy):
    _edit(catalog_copy / "programme.json", lambda d: d["levels"]["associate"].update(kit_contents=[]))
    with pytest.raises(CatalogError, match=r"certifications\.json: entry ccna: carries a kit"):
        load(catalog_copy)


def test_lifetime_emeritus_must_come_after_emeritus(catalog_copy):
    tenure = {"emeritus_after_years": 10, "lifetime_after_years": 10}
    _edit(catalog_copy / "programme.json", lambda d: d["levels"]["expert"].update(tenure=tenure))
    with pytest.raises(CatalogError, match=r"programme\.json: levels\.expert\.tenure"):
        load(catalog_copy)
