"""What partners post."""

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from certtrack.errors import InvalidInput
from certtrack.models import Model

_ID = r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,79}$"


class Section(Model):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    score: float = Field(ge=0)


class ExamResultIn(Model):
    model_config = ConfigDict(extra="forbid")

    result_id: str = Field(pattern=_ID, description="the testing vendor's id: delivery is idempotent on it")
    candidate_id: str = Field(pattern=r"^CSCO\d{8}$")
    exam_code: str = Field(min_length=1, max_length=40)
    taken_on: date
    score: float = Field(ge=0)
    passing_score: float = Field(gt=0)
    passed: bool
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
    credits: float = Field(gt=0, le=120)
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


class KitStatusIn(Model):
    model_config = ConfigDict(extra="forbid")

    status: Literal["shipped", "delivered"]
    carrier: str | None = Field(None, max_length=60)
    tracking_number: str | None = Field(None, max_length=60, pattern=r"^[A-Za-z0-9\-]+$")
    at: str | None = Field(None, max_length=40, description="when it happened (ISO 8601); default now")

    @model_validator(mode="after")
    def _tracking(self) -> "KitStatusIn":
        if self.status == "shipped" and not self.tracking_number:
            raise InvalidInput("tracking_number: a shipment carries its tracking number", field="tracking_number")
        return self
