"""API shapes of the account and personal-information routes (DB entries are plain items)."""

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, field_validator

from certtrack.accounts.address import AddressOnFile, CountrySubdivisions, MailingAddress
from certtrack.models import Model

_PHONE = re.compile(r"^\+?[0-9 ()\-.]{6,24}$")
_CREDLY = re.compile(r"^[A-Za-z0-9._@+\-]{3,100}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def plain_text(value: str | None) -> str | None:
    """Single-line text: whitespace folded, control characters refused."""
    if value is None:
        return None
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return " ".join(value.split()) or None


def _plain_name(value: object) -> object:
    return plain_text(value) if isinstance(value, str) else value


#: A first or last name as a person writes it: one line, 1-60 characters, whitespace folded.
PersonName = Annotated[str, BeforeValidator(_plain_name), Field(min_length=1, max_length=60)]


class Me(Model):
    candidate_id: str | None
    email: str
    first_name: str
    last_name: str
    mapping: Literal["mapped", "created", "support_required"]
    profile_complete: bool
    missing: list[str]
    is_admin: bool = False
    welcomed: bool = Field(
        False, description="Home has greeted this account's first visit (`PUT /me/welcome`), on any device"
    )


class Profile(Model):
    candidate_id: str
    email: str
    first_name: str
    last_name: str
    country: str | None = None
    company: str | None = None
    job_title: str | None = None
    phone: str | None = None
    updated_at: str | None = None


class ProfileUpdate(Model):
    """What a candidate may change; the name is the verified sign-up name (changed through support)."""

    model_config = ConfigDict(extra="forbid")

    company: str | None = Field(None, max_length=100)
    job_title: str | None = Field(None, max_length=100)
    phone: str | None = Field(
        None,
        max_length=24,
        # the validator's rule as one pattern: an optional +, then digits and separators, 6+ digits
        json_schema_extra={"pattern": r"^\+?(?:[ ()\-.]*[0-9]){6}[0-9 ()\-.]*$"},
    )

    @field_validator("company", "job_title", "phone", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return plain_text(value) if isinstance(value, str) else value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
            raise ValueError("is not a phone number (digits, spaces, + ( ) - . allowed)")
        return value


class Settings(Model):
    model_config = ConfigDict(extra="forbid")

    email_opt_in: StrictBool = Field(description="emails about training, certifications and events")
    reminder_emails: StrictBool = Field(description="reminders before a certification expires")


class ExternalIds(Model):
    cisco_id: str = Field(description="the sign-in (the account's email)")
    csco_id: str
    credly_id: str | None = None
    pearson_vue_id: str | None = None


class CredlyLink(Model):
    model_config = ConfigDict(extra="forbid")

    credly_id: str = Field(
        description="the Credly account (email or username) badges are issued to",
        json_schema_extra={"pattern": _CREDLY.pattern},
    )

    @field_validator("credly_id")
    @classmethod
    def _credly(cls, value: str) -> str:
        value = value.strip()
        if not _CREDLY.match(value):
            raise ValueError("must be 3-100 letters, digits or . _ @ + -")
        return value


class SupportCaseRequest(Model):
    model_config = ConfigDict(extra="forbid")

    category: Literal["account_mapping", "profile", "other"]
    description: str = Field(min_length=10, max_length=2000)

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: object) -> object:
        if isinstance(value, str):
            return value.replace("\r\n", "\n").strip()
        return value


class SupportCase(Model):
    case_id: str
    category: str
    description: str
    status: Literal["open", "resolved"]
    email: str
    created_at: datetime
    candidate_id: str | None = None
    resolution: str | None = None
    resolved_at: datetime | None = None


class AccountMapping(Model):
    model_config = ConfigDict(extra="forbid")

    case_id: str = Field(min_length=1, max_length=40)
    candidate_id: str = Field(pattern=r"^CSCO\d{8}$")
    note: str | None = Field(None, max_length=500)


class NameChange(Model):
    """An administrator's resolution of a name-change case: the verified name on the record (it is
    printed on certificates and engraved on plaques) becomes this one."""

    model_config = ConfigDict(extra="forbid")

    candidate_id: str = Field(pattern=r"^CSCO\d{8}$")
    first_name: PersonName
    last_name: PersonName
    note: str | None = Field(None, max_length=500)


class CaseResolution(Model):
    """An administrator's answer to a case that needs no change on a record."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=3, max_length=500)


class CandidateSummary(Model):
    candidate_id: str
    email: str
    first_name: str
    last_name: str
    mapped_logins: int


__all__ = [
    "AccountMapping",
    "AddressOnFile",
    "CandidateSummary",
    "CountrySubdivisions",
    "CredlyLink",
    "ExternalIds",
    "MailingAddress",
    "Me",
    "Profile",
    "ProfileUpdate",
    "Settings",
    "SupportCase",
    "SupportCaseRequest",
]
