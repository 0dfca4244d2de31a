"""Schemas shared by the routers: references to people and groups, and the from/to date filter."""

import datetime
import json
import zoneinfo
from typing import TypeVar
from uuid import UUID

import pydantic
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import model_validator

# Dates this close to the ends of the calendar cannot be turned into instants in every time zone.
FIRST_DAY = datetime.date(1, 1, 2)
LAST_DAY = datetime.date(9999, 12, 30)


class PersonRef(Schema):
    code: UUID
    full_name: str


class GroupRef(Schema):
    code: UUID
    name: str


class DateRange(Schema):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD`, both days included, in the program's time zone."""

    date_from: datetime.date | None = Field(None, alias="from", description="First day included.")
    date_to: datetime.date | None = Field(None, alias="to", description="Last day included.")

    @model_validator(mode="after")
    def _ordered(self) -> "DateRange":
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("`from` must not be after `to`.")
        return self

    def day_bounds(
        self, zone: zoneinfo.ZoneInfo
    ) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """[start, end) instants covering the days, or None for an open (or calendar-edge) side."""
        start = end = None
        if self.date_from and self.date_from > FIRST_DAY:
            start = datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=zone)
        if self.date_to and self.date_to < LAST_DAY:
            end = datetime.datetime.combine(
                self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            )
        return start, end


S = TypeVar("S", bound=Schema)


def json_body(request: HttpRequest, schema: type[S]) -> S:
    """The request's JSON body as `schema`, read after the permission checks so that a caller who may not
    write learns nothing from validation; a bad body is a 422 in the API's error shape."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        raise ValidationError(
            [{"loc": ["body"], "msg": "Send a JSON object.", "type": "json_invalid"}]
        ) from None
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as error:
        raise ValidationError(
            error.errors(include_url=False, include_input=False, include_context=False)
        ) from None


def body_doc(schema: type[Schema]) -> dict:
    """OpenAPI `requestBody` for an operation that reads its body with `json_body`."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }
