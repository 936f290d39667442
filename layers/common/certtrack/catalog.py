"""The certification programme as data (`catalog/`), validated once per process when first used.

A broken catalog stops start-up with a message naming the file and the entry, rather than giving a
candidate a wrong status later.
"""

import json
import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, ValidationError, model_validator

from certtrack.models import Model

Level = Literal["entry", "associate", "specialist", "professional", "expert"]


class CatalogError(RuntimeError):
    """The catalog is not valid; the message names the file and the entry."""


class ExamModule(Model):
    name: str
    hours: float = Field(gt=0)


class Exam(Model):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]{2,30}$")
    title: str
    type: Literal["written", "practical"]
    level: Level
    tags: list[str] = Field(min_length=1)
    track: str | None = None
    modules: list[ExamModule] = []
    #: The period the exam was offered: a result dated outside it cannot be a result of this exam
    #: (a 2001 result for 200-301, which exists since 2020-02-24, is a vendor's mistake).
    offered_from: date
    #: Its last day once retired; None while it is offered.
    last_offered_on: date | None = None

    @model_validator(mode="after")
    def _modules_for_practical(self) -> "Exam":
        if self.type == "practical" and not self.modules:
            raise ValueError("a practical exam lists its modules")
        if self.last_offered_on and self.last_offered_on < self.offered_from:
            raise ValueError("last_offered_on is before offered_from")
        return self

    def offered_on(self, day: date) -> bool:
        return self.offered_from <= day and (self.last_offered_on is None or day <= self.last_offered_on)

    def period(self) -> str:
        """The offered period in words, for refusals."""
        if self.last_offered_on is None:
            return f"offered since {self.offered_from.isoformat()}"
        return f"offered from {self.offered_from.isoformat()} to {self.last_offered_on.isoformat()}"


class ExamRequirement(Model):
    model_config = ConfigDict(extra="forbid")

    exam: str
    #: Exams that must have been passed (and still be valid) before this one counts.
    after: list[str] = []


class AllOf(Model):
    model_config = ConfigDict(extra="forbid")

    all_of: list["Requirement"] = Field(min_length=1)


class AnyOf(Model):
    model_config = ConfigDict(extra="forbid")

    any_of: list["Requirement"] = Field(min_length=1)


class NOf(Model):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(ge=1)
    of: list["Requirement"] = Field(min_length=1)


Requirement = Annotated[Union[ExamRequirement, AllOf, AnyOf, NOf], Field(union_mode="left_to_right")]  # noqa: UP007


class Certification(Model):
    cert_id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]{1,60}$")
    name: str
    level: Level
    #: None: never expires (entry level).
    validity_years: int | None = Field(ge=1)
    kit: bool
    requirement: Requirement
    #: Certifications renewed when this one is recertified.
    covers: list[str] = []


class RecertOption(Model):
    name: str
    ce: float = Field(0, ge=0)
    exams: int = Field(0, ge=0)
    tags: list[str] = []

    @model_validator(mode="after")
    def _something(self) -> "RecertOption":
        if not self.ce and not self.exams:
            raise ValueError("an option needs CE credits, exams or both")
        if self.exams and not self.tags:
            raise ValueError("an exam option names the exam tags it accepts")
        return self


class KitContent(Model):
    """One thing in a level's initial kit, as the kit vendor packs it."""

    item: str = Field(pattern=r"^[a-z][a-z\-]{1,30}$")
    #: Engraved with the holder's verified name and certification number (the expert plaque).
    engraved: bool = False


class Tenure(Model):
    """Long holding of a certification of the level (Cisco's CCIE Emeritus): after
    `emeritus_after_years` held without a break the holder may ask for Emeritus status instead of
    recertifying; `lifetime_after_years` held without a break, active or Emeritus, makes it for life."""

    emeritus_after_years: int = Field(ge=1)
    lifetime_after_years: int = Field(ge=1)

    @model_validator(mode="after")
    def _lifetime_later(self) -> "Tenure":
        if self.lifetime_after_years <= self.emeritus_after_years:
            raise ValueError("lifetime_after_years must be more than emeritus_after_years")
        return self


class LevelRules(Model):
    rank: int
    ce_required: float | None
    options: list[RecertOption]
    #: What the initial kit of a certification of this level holds (for those whose `kit` is true).
    kit_contents: list[KitContent] = []
    #: None: the level has no Emeritus status.
    tenure: Tenure | None = None


class AgreementVersion(Model):
    version: str
    effective_on: date
    file: str
    text: str = ""


class Programme(Model):
    exam_validity_years: int = Field(ge=1)
    ce_submission_window_days: int = Field(ge=1)
    challenge_window_days: int = Field(ge=1)
    levels: dict[Level, LevelRules]
    agreement: list[AgreementVersion] = Field(min_length=1)


class Catalog:
    """Certifications, exams and rules, with the look-ups the engine and the routes need."""

    def __init__(self, exams: list[Exam], certifications: list[Certification], programme: Programme) -> None:
        self.exams = {e.code: e for e in exams}
        self.certifications = {c.cert_id: c for c in certifications}
        self.programme = programme
        self.agreements = sorted(programme.agreement, key=lambda a: a.effective_on)

    def exam(self, code: str) -> Exam | None:
        return self.exams.get(code)

    def certification(self, cert_id: str) -> Certification | None:
        return self.certifications.get(cert_id)

    def level(self, level: str) -> LevelRules:
        return self.programme.levels[level]  # type: ignore[index]

    def agreement_on(self, day: date) -> AgreementVersion:
        """The agreement version in force on `day` (the first one for earlier days)."""
        current = self.agreements[0]
        for version in self.agreements:
            if version.effective_on <= day:
                current = version
        return current

    def current_agreement(self, today: date) -> AgreementVersion:
        return self.agreement_on(today)


def catalog_dir() -> Path:
    """`CATALOG_DIR`, or the data shipped inside the layer package (the repository's top-level
    `catalog/` is a link to it, so the layer build needs no step of its own to carry it)."""
    configured = os.environ.get("CATALOG_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parent / "programme"


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise CatalogError(f"{path.name}: cannot be read as JSON: {exc}") from exc


def load_entries(path: Path, key: str, model: type[Model], id_field: str) -> list[Any]:
    raw = _load_json(path).get(key)
    if not isinstance(raw, list):
        raise CatalogError(f"{path.name}: needs a list {key!r}")
    out = []
    for index, entry in enumerate(raw):
        try:
            out.append(model.model_validate(entry))
        except ValidationError as exc:
            name = entry.get(id_field, f"#{index}") if isinstance(entry, dict) else f"#{index}"
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise CatalogError(f"{path.name}: entry {name}: {where}: {first['msg']}") from exc
    return out


def load(directory: Path | None = None) -> Catalog:
    """Reads and cross-checks the catalog; raises `CatalogError` naming the file and the entry."""
    directory = directory or catalog_dir()
    exams = load_entries(directory / "exams.json", "exams", Exam, "code")
    certifications = load_entries(directory / "certifications.json", "certifications", Certification, "cert_id")
    try:
        programme = Programme.model_validate(_load_json(directory / "programme.json"))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise CatalogError(f"programme.json: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from exc
    catalog = Catalog(exams, certifications, programme)
    _cross_check(catalog, directory)
    for version in programme.agreement:
        text_path = directory / version.file
        if not text_path.is_file():
            raise CatalogError(f"programme.json: agreement {version.version}: no file {version.file}")
        version.text = text_path.read_text()
    return catalog


def exam_codes(requirement: Any) -> list[str]:
    """Every exam a requirement names (prerequisites included)."""
    if isinstance(requirement, ExamRequirement):
        return [requirement.exam, *requirement.after]
    children = getattr(requirement, "all_of", None) or getattr(requirement, "any_of", None) or requirement.of
    return [code for child in children for code in exam_codes(child)]


def _cross_check(catalog: Catalog, directory: Path) -> None:
    seen: set[str] = set()
    for code in [e.code for e in catalog.exams.values()]:
        if code in seen:
            raise CatalogError(f"exams.json: entry {code}: listed twice")
        seen.add(code)
    for cert in catalog.certifications.values():
        for code in exam_codes(cert.requirement):
            if code not in catalog.exams:
                raise CatalogError(f"certifications.json: entry {cert.cert_id}: unknown exam {code}")
        for covered in cert.covers:
            if covered not in catalog.certifications:
                raise CatalogError(f"certifications.json: entry {cert.cert_id}: covers unknown {covered}")
        if cert.level not in catalog.programme.levels:
            raise CatalogError(f"certifications.json: entry {cert.cert_id}: no rules for level {cert.level}")
        if cert.kit and not catalog.level(cert.level).kit_contents:
            raise CatalogError(
                f"certifications.json: entry {cert.cert_id}: carries a kit, but programme.json lists no"
                f" kit_contents for level {cert.level}"
            )


@cache
def get_catalog() -> Catalog:
    """The process's catalog: loaded once, not per request."""
    return load()


def _cert_ids(schema: dict[str, Any]) -> None:
    schema["enum"] = sorted(get_catalog().certifications)


def _exam_codes(schema: dict[str, Any]) -> None:
    schema["enum"] = sorted(get_catalog().exams)


#: A request's certification id or exam code: the service refuses one the catalog lacks (naming it);
#: the schema lists the catalog's, so that a request valid by `/openapi.json` names one that exists.
CertId = Annotated[str, Field(min_length=2, max_length=64, json_schema_extra=_cert_ids)]
ExamCode = Annotated[str, Field(min_length=1, max_length=40, json_schema_extra=_exam_codes)]
