"""Certification answers."""

from datetime import date

from pydantic import ConfigDict, Field

from certtrack.models import Model


class ExamOut(Model):
    code: str
    title: str
    type: str
    level: str
    tags: list[str]
    track: str | None = None
    modules: list[dict] = []


class CatalogCertification(Model):
    cert_id: str
    name: str
    level: str
    validity_years: int | None
    kit: bool
    exams: list[str] = Field(description="every exam that can count toward it")
    ce_required: float | None


class Requirement(Model):
    exam: str
    title: str
    met: bool
    met_on: date | None = None
    group: int | None = Field(None, description="requirements sharing a group are alternatives")
    choose: int = Field(1, description="how many of the group are needed")


class ContinuingEducation(Model):
    earned: float
    required: float | None
    cycle_started_on: date | None = None
    cycle_ends_on: date | None = None
    renewable_from: date | None = Field(
        None, description="the next renewal counts from this day (a cycle can be renewed once it has begun)"
    )


class RecertificationOption(Model):
    name: str
    ce: float
    exams: int
    tags: list[str]


class HistoryOut(Model):
    on: date
    kind: str
    detail: str


class CertificationOut(Model):
    cert_id: str
    name: str
    level: str
    status: str
    earned_on: date | None = None
    first_earned_on: date | None = None
    expires_on: date | None = None
    requirements: list[Requirement]
    continuing_education: ContinuingEducation | None = None
    recertification_options: list[RecertificationOption] = []


class CertificationDetail(CertificationOut):
    history: list[HistoryOut]


class Agreement(Model):
    version: str
    effective_on: date
    text: str
    accepted: bool
    accepted_on: date | None = None


class AgreementAcceptance(Model):
    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1, max_length=20)


class CertificateLink(Model):
    url: str
    expires_in: int
    filename: str
    certificate_number: str
    verification_code: str


class LogoFile(Model):
    variant: str
    format: str
    url: str
    filename: str


class LogoLinks(Model):
    usage_terms: str
    expires_in: int
    items: list[LogoFile]
