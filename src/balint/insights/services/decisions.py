"""A person's decision on a suggestion: accepting makes their coding or a draft theme; a rejection is kept."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balint.coding.models import Coding, Theme
from balint.coding.services import coding_create, coding_set_perspective, theme_create
from balint.core.errors import ApplicationError
from balint.insights import selectors
from balint.insights.models import Suggestion
from balint.programs.models import Person


def _theme_draft(suggestion: Suggestion) -> dict[str, Any]:
    terms = [term for term, _ in suggestion.explanation.get("top_terms", [])][:10]
    quotes = [q["text"] for q in suggestion.explanation.get("quotes", [])]
    run = suggestion.run
    definition = (
        f"DRAFT from a candidate theme of {suggestion.explanation.get('size', 0)} passages "
        f"({run.engine_used if run else 'tfidf'}); top terms: {', '.join(terms)}. "
        "Rewrite this definition in your own words."
    )
    example = ""
    for quote in quotes[:3]:
        piece = f"“{quote}”"
        if len(example) + len(piece) + 1 > 2000:
            break
        example = f"{example}\n{piece}".strip()
    return {"definition": definition[:4000], "example": example}


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, person: Person, name: str = "") -> Suggestion:
    """Accept for this person: a code becomes one coding by them, a candidate theme a draft codebook theme.

    Accepting again returns the same result; a rejected suggestion cannot be accepted.
    """
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("source", "theme", "run")
        .get(pk=suggestion.pk)
    )
    if suggestion.status == Suggestion.Status.ACCEPTED:
        return suggestion
    if suggestion.status == Suggestion.Status.REJECTED:
        raise ApplicationError(
            _("This suggestion was already rejected."), extra={"suggestion": str(suggestion.code)}
        )
    if suggestion.abstained:
        raise ApplicationError(
            _("There is no suggestion to accept here: the model was not sure enough."),
            extra={"suggestion": str(suggestion.code)},
        )
    if suggestion.kind == Suggestion.Kind.CODE:
        perspective = _accepted_perspective(suggestion, person)
        codings = coding_create(
            source=suggestion.source,
            coder=person,
            themes=[suggestion.theme],
            start=suggestion.start,
            end=suggestion.end,
            perspective=perspective,
        )
        suggestion.created_coding = codings[0]
    elif suggestion.kind == Suggestion.Kind.CANDIDATE_THEME:
        theme_name = (name or suggestion.value).strip()
        if not theme_name:
            raise ApplicationError(_("Give the new theme a name."), extra={"field": "name"})
        if len(theme_name) > Theme._meta.get_field("name").max_length:
            raise ApplicationError(_("A theme name has at most 120 characters."), extra={"field": "name"})
        suggestion.created_theme = theme_create(
            program=suggestion.program, name=theme_name, **_theme_draft(suggestion)
        )
    elif suggestion.kind == Suggestion.Kind.PERSPECTIVE:
        value = selectors.PERSPECTIVE_VALUES.get(suggestion.value, "")
        mine = Coding.objects.filter(
            source=suggestion.source, coder=person, start=suggestion.start, end=suggestion.end
        )
        for coding in mine:
            coding_set_perspective(coding=coding, by=person, perspective=value)
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.decided_by = person
    suggestion.decided_at = timezone.now()
    suggestion.save()
    return suggestion


def _accepted_perspective(suggestion: Suggestion, person: Person) -> str:
    """The perspective this person accepted for the same passage, as the workspace's value, or ""."""
    accepted = (
        Suggestion.objects.filter(
            source=suggestion.source,
            start=suggestion.start,
            end=suggestion.end,
            kind=Suggestion.Kind.PERSPECTIVE,
            status=Suggestion.Status.ACCEPTED,
            decided_by=person,
        )
        .values_list("value", flat=True)
        .first()
    )
    return selectors.PERSPECTIVE_VALUES.get(accepted or "", "")


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, person: Person) -> Suggestion:
    """Record who rejected it and when; rejecting again changes nothing, an accepted one is refused."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status == Suggestion.Status.REJECTED:
        return suggestion
    if suggestion.status == Suggestion.Status.ACCEPTED:
        raise ApplicationError(
            _("This suggestion was already accepted; undo what it created in the workspace instead."),
            extra={"suggestion": str(suggestion.code)},
        )
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.decided_by = person
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return suggestion
