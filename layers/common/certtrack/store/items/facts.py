"""The facts partners and candidates record: exam results, CE credits, agreements."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class SectionScore(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    name: str
    score: float


class ExamResultItem(StoredItem):
    result_id: str
    candidate_id: str
    exam_code: str
    title: str = ""
    exam_type: Literal["written", "practical"] = "written"
    taken_on: str
    score: float
    passing_score: float
    passed: bool
    sections: list[SectionScore] = []
    delivery: str | None = None
    received_at: str | None = None
    #: The id of the challenge open against this result (at most one).
    open_challenge: str | None = None

    @staticmethod
    def key_of(candidate_id: str, taken_on: str, result_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.exam_event(taken_on, result_id))


class CeCreditItem(StoredItem):
    credit_id: str
    candidate_id: str
    activity: str
    provider: str
    credits: float
    completed_on: str
    received_on: str
    received_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, completed_on: str, credit_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.ce_event(completed_on, credit_id))


class AgreementItem(StoredItem):
    version: str
    accepted_on: str
    accepted_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, version: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.agreement_event(version))
