"""Back-office request shapes."""

from typing import Literal

from pydantic import ConfigDict, Field

from certtrack.models import Model


class ChallengeResolution(Model):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["upheld", "denied"]
    note: str = Field(min_length=3, max_length=1000)
