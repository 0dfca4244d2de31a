"""Multi-site studies: programs join by consent and pool de-identified sources for a shared analysis.

A study owns a *workspace*: a program of its own that no one joins as a site, holding the pooled
sources (copies of the contributed de-identified texts, each with its site as an attribute), the shared
codebook, the codings, memos and rounds. So the whole analysis workspace of `balint.coding` serves the
study unchanged, scoped as always by program; study analysts are analysts of the workspace (a role on the
study, never on a member program), and coders show as the workspace's pseudonyms across every site.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from balint.coding.models import Source
from balint.core.models import CodedModel
from balint.programs.models import Person, Program


class Study(CodedModel):
    """A study: its owner, protocol summary and the workspace program where the pooled analysis lives."""

    title = models.CharField(max_length=200)
    aims = models.TextField(max_length=4000)
    approval_reference = models.CharField(
        gettext_lazy("ethics approval reference"),
        max_length=120,
        help_text=gettext_lazy("e.g. the IRB protocol number."),
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(Person, models.PROTECT, related_name="owned_studies")
    workspace = models.OneToOneField(Program, models.PROTECT, related_name="study")
    # Given by the owner to the programs invited; an administrator enters it on the program's own page.
    invitation = models.UUIDField(unique=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext_lazy("A study cannot end before it starts.")})


class StudyMember(CodedModel):
    """A program taking part as one site, by its administrator's consent; withdrawing keeps the row."""

    program_backup = (
        False  # the study's record, kept with the study (its workspace), not in the program's backup
    )

    study = models.ForeignKey(Study, models.CASCADE, related_name="members")
    program = models.ForeignKey(Program, models.CASCADE, related_name="study_memberships")
    site = models.CharField(
        max_length=40, help_text=gettext_lazy('How the pooled material names the site, e.g. "Site A".')
    )
    consented_by = models.ForeignKey(Person, models.SET_NULL, null=True, related_name="+")
    consented_at = models.DateTimeField()
    consent_text = models.TextField(max_length=4000)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["site"]
        constraints = [
            models.UniqueConstraint(fields=["study", "program"], name="one_membership_per_program"),
            models.UniqueConstraint(fields=["study", "site"], name="one_site_label_per_study"),
        ]

    def __str__(self) -> str:
        return f"{self.site} of {self.study}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Contribution(CodedModel):
    """One source a site gave; after withdrawal the row stays as the audit record, without the text."""

    program_backup = (
        False  # the study's record, kept with the study (its workspace), not in the program's backup
    )

    member = models.ForeignKey(StudyMember, models.CASCADE, related_name="contributions")
    origin_source = models.ForeignKey(Source, models.SET_NULL, null=True, related_name="+")
    study_source = models.OneToOneField(
        Source, models.SET_NULL, null=True, blank=True, related_name="study_contribution"
    )
    kind = models.CharField(max_length=24, choices=Source.Kind.choices)
    title = models.CharField(max_length=200)
    date = models.DateField(null=True, blank=True)
    contributed_by = models.ForeignKey(Person, models.SET_NULL, null=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(Person, models.SET_NULL, null=True, blank=True, related_name="+")
    codings_removed = models.PositiveIntegerField(default=0)
    memos_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "origin_source"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_live_contribution_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Withdrawal(CodedModel):
    """The record of a program leaving a study (or taking back some sources): when, by whom, how much."""

    program_backup = (
        False  # the study's record, kept with the study (its workspace), not in the program's backup
    )

    member = models.ForeignKey(StudyMember, models.CASCADE, related_name="withdrawals")
    withdrawn_by = models.ForeignKey(Person, models.SET_NULL, null=True, related_name="+")
    whole_site = models.BooleanField(default=False)
    sources = models.PositiveIntegerField(default=0)
    codings = models.PositiveIntegerField(default=0)
    memos = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
