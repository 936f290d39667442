"""Shapes every feature shares."""

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Items(BaseModel, Generic[T]):
    """A list answer: `{"items": [...], "next_cursor": ...}` (`next_cursor` only where paginated)."""

    items: list[T]
    next_cursor: str | None = None


class Health(BaseModel):
    status: str
    stage: str
