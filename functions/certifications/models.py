"""Certification answers."""

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from certtrack.models import Items, Model


class ExamOut(Model):
    code: str
    title: str
    type: str
    level: str
    tags: list[str]
    track: str | None = None
    modules: list[dict] = []
    offered_from: date
    #: The exam's last day once retired (results dated after it are refused).
    last_offered_on: date | None = None


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


class Emeritus(Model):
    """Expert tenure: Emeritus status, an inactive honorary status that keeps the certification's
    number and history, instead of recertifying."""

    eligible: bool = Field(description="whether Emeritus status can be requested today")
    eligible_from: date = Field(description="the day the unbroken holding reaches the years Emeritus needs")
    requested_on: date | None = None
    starts_on: date | None = Field(
        None, description="when a standing request takes effect: the end of the current cycle, which is not renewed"
    )
    since: date | None = Field(None, description="the day Emeritus status began")
    lifetime: bool = Field(description="lifetime Emeritus: never expires, Emeritus at the latest when the cycle ends")
    lifetime_from: date = Field(description="the day the unbroken holding reaches the years lifetime Emeritus needs")
    lifetime_since: date | None = None


class CertificationOut(Model):
    cert_id: str
    name: str
    level: str
    status: str = Field(description="active | pending_agreement | in_progress | expired | revoked | emeritus")
    earned_on: date | None = Field(None, description="the start of the unbroken holding (kept through renewals)")
    first_earned_on: date | None = None
    expires_on: date | None = None
    renewed_on: date | None = Field(
        None,
        description="the last renewal of the current holding: why its expiry is further out than earned + validity",
    )
    renewed_by: str | None = Field(
        None, description="what renewed it, e.g. 'recertified by a core exam' or 'renewed with CCNP Enterprise'"
    )
    tenure_years: int | None = Field(
        None, description="whole years held without a break (active or Emeritus); null when not held"
    )
    emeritus: Emeritus | None = Field(None, description="only for certifications with Emeritus rules, while held")
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


def _current_version(schema: dict[str, Any]) -> None:
    """Only the agreement in force can be accepted: the schema names it (as of when it is made)."""
    from certtrack import clock
    from certtrack.catalog import get_catalog

    schema["enum"] = [get_catalog().current_agreement(clock.today()).version]


class CertificationList(Items[CertificationOut]):
    """`GET /me/certifications`: the list, and the agreement in force with whether the caller accepted
    it (what the page's banner and the agreement page need, in the same answer)."""

    agreement: Agreement


class AgreementAcceptance(Model):
    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1, max_length=20, json_schema_extra=_current_version)


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
