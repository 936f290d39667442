"""Back-office request shapes."""

from typing import Literal

from pydantic import ConfigDict, Field

from certtrack.catalog import CertId
from certtrack.models import Model


class ChallengeResolution(Model):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["upheld", "denied"]
    note: str = Field(min_length=3, max_length=1000)


class RevocationIn(Model):
    model_config = ConfigDict(extra="forbid")

    candidate_id: str = Field(pattern=r"^CSCO\d{8}$")
    cert_id: CertId
    reason: str = Field(min_length=3, max_length=500)


class Revocation(Model):
    candidate_id: str
    cert_id: str
    name: str
    reason: str
    revoked_on: str
    revoked_by: str
    status: str


class EmeritusReversalIn(Model):
    model_config = ConfigDict(extra="forbid")

    candidate_id: str = Field(pattern=r"^CSCO\d{8}$")
    cert_id: CertId
    reason: str = Field(min_length=3, max_length=500)


class EmeritusRequestOut(Model):
    candidate_id: str
    cert_id: str
    name: str
    requested_on: str
    status: Literal["requested", "reversed"]
    reversed_on: str | None = None
    reversed_by: str | None = None
    reversal_reason: str | None = None
