"""The annual program evaluation (ACGME common program requirement V.C.1) as words the leaders write.

One `AnnualEvaluation` per program and academic year (July to June): the program evaluation committee,
the program's goals, strengths / weaknesses / opportunities / threats, and an action plan of
`ActionItem`s with a measure and an owner. Starting next year's evaluation carries every action not yet
done or dropped into it (`carried_from`), and the new packet reports what was done about each of last
year's actions from their status and outcome.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy

from balint.core.models import BaseModel, CodedModel
from balint.programs.models import Person, Program

WORDS = 6000


class AnnualEvaluation(CodedModel):
    program = models.ForeignKey(Program, models.CASCADE, related_name="annual_evaluations")
    academic_year = models.PositiveSmallIntegerField(
        help_text=gettext_lazy("The year it starts, e.g. 2025 for 2025–26.")
    )
    committee = models.TextField(
        blank=True,
        max_length=WORDS,
        help_text=gettext_lazy("One member a line, e.g. “Dr A. Rivera, program director”."),
    )
    goals = models.TextField(
        blank=True, max_length=WORDS, help_text=gettext_lazy("The program's aims for its Balint groups.")
    )
    last_year_summary = models.TextField(
        gettext_lazy("what was done about last year's actions"), blank=True, max_length=WORDS
    )
    strengths = models.TextField(blank=True, max_length=WORDS)
    weaknesses = models.TextField(blank=True, max_length=WORDS)
    opportunities = models.TextField(blank=True, max_length=WORDS)
    threats = models.TextField(blank=True, max_length=WORDS)
    edited_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "academic_year"], name="one_annual_evaluation_a_year")
        ]

    def __str__(self) -> str:
        return f"Annual program evaluation {self.label}"

    @property
    def label(self) -> str:
        return f"{self.academic_year}–{(self.academic_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.academic_year, 7, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.academic_year + 1, 6, 30)


class ActionItem(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", gettext_lazy("Planned")
        UNDER_WAY = "under_way", gettext_lazy("Under way")
        DONE = "done", gettext_lazy("Done")
        DROPPED = "dropped", gettext_lazy("Dropped")

    evaluation = models.ForeignKey(AnnualEvaluation, models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    action = models.CharField(max_length=300)
    measure = models.CharField(
        max_length=300, help_text=gettext_lazy("How the committee will know it worked.")
    )
    owner = models.CharField(max_length=160, help_text=gettext_lazy("Who is responsible."))
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    outcome = models.TextField(
        blank=True, max_length=2000, help_text=gettext_lazy("What was done, and what it changed.")
    )
    carried_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )

    class Meta:
        ordering = ["evaluation", "position", "pk"]

    def __str__(self) -> str:
        return self.action

    @property
    def open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.UNDER_WAY)
