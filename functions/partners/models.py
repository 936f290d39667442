"""What partners post."""

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, StrictBool, StrictFloat, model_validator

from certtrack import clock
from certtrack.errors import InvalidInput
from certtrack.models import Model

_ID = r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,79}$"
#: Partner payloads are strict: a number in a string or 1 for true is the partner's bug, not ours to
#: guess at; and every number is finite and bounded (exam scores are on a scale of at most 1000).
Score = Annotated[StrictFloat, Field(ge=0, le=1000, allow_inf_nan=False)]


class Section(Model):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    score: Score


class ExamResultIn(Model):
    model_config = ConfigDict(extra="forbid")

    result_id: str = Field(pattern=_ID, description="the testing vendor's id: delivery is idempotent on it")
    candidate_id: str = Field(pattern=r"^CSCO\d{8}$")
    exam_code: str = Field(min_length=1, max_length=40)
    taken_on: date
    score: Score
    passing_score: Annotated[Score, Field(gt=0)]
    passed: StrictBool
    sections: list[Section] = Field(default_factory=list, max_length=20)
    delivery: Literal["test_center", "online", "lab"] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "ExamResultIn":
        if self.passed != (self.score >= self.passing_score):
            raise ValueError("passed must agree with score and passing_score")
        return self


class CeCreditIn(Model):
    model_config = ConfigDict(extra="forbid")

    credit_id: str = Field(pattern=_ID, description="the training partner's id: delivery is idempotent on it")
    candidate_id: str = Field(pattern=r"^CSCO\d{8}$")
    activity: str = Field(min_length=1, max_length=200)
    provider: str = Field(min_length=1, max_length=120)
    credits: Annotated[StrictFloat, Field(gt=0, le=120, allow_inf_nan=False)]
    completed_on: date


class StoredExamResult(Model):
    result_id: str
    candidate_id: str
    exam_code: str
    title: str
    type: str
    taken_on: date
    score: float
    passing_score: float
    passed: bool
    sections: list[Section]
    delivery: str | None = None
    received_at: str


class StoredCeCredit(Model):
    credit_id: str
    candidate_id: str
    activity: str
    provider: str
    credits: float
    completed_on: date
    received_on: date


def _recent(at: datetime) -> datetime:
    """A shipment or delivery happened after the order and not in the future (an hour of clock skew)."""
    if at.tzinfo is None:
        raise ValueError("needs its UTC offset, e.g. 2026-05-01T14:00:00Z")
    now = clock.now()
    if not now - timedelta(days=366) <= at <= now + timedelta(hours=1):
        raise ValueError("must be within the last year, and not in the future")
    return at.astimezone(UTC)


class KitStatusIn(Model):
    model_config = ConfigDict(extra="forbid")

    status: Literal["shipped", "delivered"]
    carrier: str | None = Field(None, max_length=60)
    tracking_number: str | None = Field(None, max_length=60, pattern=r"^[A-Za-z0-9\-]+$")
    at: Annotated[datetime, AfterValidator(_recent)] | None = Field(
        None, description="when it happened (ISO 8601 with its offset, within the last year); default now"
    )

    @model_validator(mode="after")
    def _tracking(self) -> "KitStatusIn":
        if self.status == "shipped" and not self.tracking_number:
            raise InvalidInput("tracking_number: a shipment carries its tracking number", field="tracking_number")
        return self
