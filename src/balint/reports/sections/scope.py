"""What one report covers: the program or one group, the days, and k; every section reads from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from balint.programs.models import Group, Program


@dataclass(frozen=True)
class Scope:
    program: Program
    group: Group | None  # None: the whole program
    groups: list[Group]  # the group, or every group of the program (with their policies)
    date_from: datetime.date
    date_to: datetime.date  # inclusive
    k: int

    @classmethod
    def of(
        cls,
        *,
        program: Program,
        group: Group | None,
        date_from: datetime.date,
        date_to: datetime.date,
        k: int,
    ) -> Scope:
        groups = (
            [group] if group else list(Group.objects.filter(program=program).prefetch_related("policies"))
        )
        return cls(program=program, group=group, groups=groups, date_from=date_from, date_to=date_to, k=k)

    @property
    def group_ids(self) -> list[int]:
        return [g.pk for g in self.groups]

    @property
    def zone(self) -> ZoneInfo:
        return self.program.zone

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=self.zone)

    @property
    def end(self) -> datetime.datetime:
        """Midnight after the last day (exclusive)."""
        return datetime.datetime.combine(
            self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=self.zone
        )
