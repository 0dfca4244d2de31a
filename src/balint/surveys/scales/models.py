"""A program's scored instruments and the score sets it enters or imports.

`ScoredInstrument` ties an instrument (every version of it, through its family) to a scale definition:
which question position asks which item. Residents answer it through an ordinary anonymous survey, so
every survey rule holds (no person, no time, threshold before results).

`ScoreSet` holds scores a program obtained elsewhere (licensed instruments, paper forms), one `ScoreRow`
per respondent. A row has a random key, no person and no time, like an answer. It carries a pairing code
only when the program chose to collect a code each resident makes up (e.g. initials of a parent plus a
birth day), and then only as a keyed hash: equal codes pair two sets' rows, the code itself is not kept.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy

from balint.core.models import BaseModel, CodedModel
from balint.programs.models import Cohort, Group, Person, Program


class ScoredInstrument(BaseModel):
    """An instrument family scored by a definition; `items` maps question position (as text) to item key."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="scored_instruments")
    family = models.UUIDField(unique=True)
    scale_key = models.CharField(max_length=40)
    items = models.JSONField(default=dict)
    imported_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["scale_key", "pk"]

    def __str__(self) -> str:
        return f"Scored instrument ({self.scale_key})"


class ScoreSet(CodedModel):
    """Scores from one administration of a scale, entered by hand or imported from a file."""

    class Source(models.TextChoices):
        ENTERED = "entered", gettext_lazy("Entered by hand")
        IMPORTED = "imported", gettext_lazy("Imported from a file")

    program = models.ForeignKey(Program, models.CASCADE, related_name="score_sets")
    scale_key = models.CharField(max_length=40)
    title = models.CharField(max_length=160)
    collected_on = models.DateField(
        help_text=gettext_lazy("When the scale was administered (the day it closed).")
    )
    cohort = models.ForeignKey(Cohort, models.SET_NULL, null=True, blank=True, related_name="score_sets")
    group = models.ForeignKey(Group, models.SET_NULL, null=True, blank=True, related_name="score_sets")
    invited = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy("How many residents were asked (for the completion rate)."),
    )
    uses_codes = models.BooleanField(
        default=False, help_text=gettext_lazy("Respondents gave a code they made up, so sets can be paired.")
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    entered_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-collected_on", "title"]

    def __str__(self) -> str:
        return self.title


class ScoreRow(models.Model):
    """One respondent's subscale scores: a random key, the set, the scores, perhaps a hashed own code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    score_set = models.ForeignKey(ScoreSet, models.CASCADE, related_name="rows")
    values = models.JSONField(default=dict)
    pair_code = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "Anonymous scores"
