"""Limit/offset pagination with a bounded page size: `{"items": [...], "count": N}`."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000  # beyond any real list; keeps the SQL OFFSET in range on every database


class Page(LimitOffsetPagination):
    """`?limit=` (1–200, default 50) and `?offset=` (from 0)."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (at most 200).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
