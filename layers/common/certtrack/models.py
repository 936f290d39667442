"""Shapes every feature shares."""

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Model(BaseModel):
    """Base of every API model: validators are built on first use, not at import, so a function
    pays only for the models its route touches (cold start)."""

    model_config = ConfigDict(defer_build=True)


class Items(Model, Generic[T]):
    """A list answer: `{"items": [...], "next_cursor": ...}` (`next_cursor` only where paginated)."""

    items: list[T]
    next_cursor: str | None = None


class Health(Model):
    status: str
    stage: str
