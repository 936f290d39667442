"""Testing-history shapes."""

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from certtrack.models import Model


class Section(Model):
    name: str
    score: float
    hours: float | None = None


class ExamResultOut(Model):
    result_id: str
    exam_code: str
    title: str
    type: Literal["written", "practical"]
    taken_on: date
    score: float
    passing_score: float
    passed: bool
    sections: list[Section]
    delivery: str | None = None
    open_challenge: str | None = None
    challenge_closes_on: date = Field(description="the last day a challenge of this result is accepted")
    challenge_window_open: bool = Field(
        description="whether a challenge can be filed today (by the programme's clock, not the browser's)"
    )


class ExamQuery(Model):
    model_config = ConfigDict(extra="forbid")

    sort: Literal["date", "exam", "score", "result"] = "date"
    order: Literal["asc", "desc"] = "desc"
    type: Literal["written", "practical"] | None = None
    outcome: Literal["passed", "failed"] | None = None
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=512)


class DocumentLink(Model):
    url: str
    expires_in: int
    filename: str


class ChallengeRequest(Model):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=10, max_length=2000)
