"""A program's report settings: the smallest number of people a report figure may count."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from balint.core.models import BaseModel
from balint.programs.models import Program
from balint.surveys.models import MIN_THRESHOLD


class ReportSettings(BaseModel):
    """Per-program k for small-cell suppression; a program without a row uses the default (5)."""

    program = models.OneToOneField(Program, models.CASCADE, related_name="report_settings")
    min_cell = models.PositiveSmallIntegerField(
        gettext_lazy("smallest cell (k)"),
        validators=[MinValueValidator(MIN_THRESHOLD), MaxValueValidator(50)],
        help_text=format_lazy(
            gettext_lazy("Figures counting fewer people than this are shown as “<k” (at least {minimum})."),
            minimum=MIN_THRESHOLD,
        ),
    )

    class Meta:
        verbose_name_plural = "report settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_cell__gte=MIN_THRESHOLD), name="report_min_cell_floor"
            ),
        ]

    def __str__(self) -> str:
        return f"Report settings of {self.program}"


from balint.reports.annual_models import ActionItem, AnnualEvaluation  # noqa: E402, F401
