"""Transcript shapes: what the candidate asks for and sees, and what a recipient is shown."""

from datetime import date, datetime

from pydantic import ConfigDict, Field

from certtrack.catalog import CertId
from certtrack.models import Items, Model


class TranscriptIn(Model):
    model_config = ConfigDict(extra="forbid")

    recipient: str | None = Field(None, min_length=1, max_length=200)
    #: Omitted: every certification held (active and expired), as of each viewing.
    cert_ids: list[CertId] | None = Field(None, min_length=1, max_length=50)
    include_exams: bool = False
    #: Scores of the passed exams too (only if the candidate ticks it).
    include_scores: bool = False
    #: At most a year ahead; 90 days when omitted.
    expires_on: date | None = None


class TranscriptCreated(Model):
    transcript_id: str
    url: str
    verification_code: str
    expires_on: date


class Transcript(Model):
    transcript_id: str
    recipient: str | None
    cert_ids: list[str] | None
    include_exams: bool
    include_scores: bool
    created_at: datetime
    expires_on: date
    status: str = Field(description="active | expired | revoked")
    revoked_at: datetime | None = None
    views: int
    last_viewed_at: datetime | None


class TranscriptView(Model):
    at: datetime
    how: str = Field(description="link | code")
    country: str | None
    user_agent: str | None


class TranscriptViews(Items[TranscriptView]):
    pass


class CodeCheck(Model):
    model_config = ConfigDict(extra="forbid")

    transcript_id: str = Field(min_length=4, max_length=40)
    verification_code: str = Field(min_length=4, max_length=40)


class Holder(Model):
    name: str
    candidate_id: str


class SharedCertification(Model):
    cert_id: str
    name: str
    level: str
    status: str
    earned_on: date | None
    expires_on: date | None
    revoked_on: date | None = None


class SharedExam(Model):
    exam_code: str
    title: str
    taken_on: date
    score: float | None = None
    passing_score: float | None = None


class SharedTranscript(Model):
    transcript_id: str
    holder: Holder
    certifications: list[SharedCertification]
    exams: list[SharedExam] | None = None
    as_of: datetime
    expires_on: date
    issuer: str
    jws: str
