"""Transcription: the queue of handwritten answers and the page that transcribes one."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balint.programs.access import get_program_for
from balint.surveys import selectors, services
from balint.surveys.access import get_answer_for_transcriber
from balint.surveys.forms import (
    TranscriptForm,
)


@login_required
@require_GET
def transcription_queue(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_program_for(request, slug, lambda r: r.is_transcriber)
    answers = list(selectors.transcription_queue(program=program, transcriber=roles.person))
    by_survey: dict = {}
    for item in answers:
        by_survey.setdefault(item.response.survey, []).append(item)
    sections = []
    for survey, items in by_survey.items():
        todo = sum(1 for a in items if not (getattr(a, "transcript", None) and a.transcript.approved))
        sections.append({"survey": survey, "answers": items, "todo": todo})
    sections.sort(key=lambda section: section["todo"] == 0)  # work waiting comes first
    return render(request, "surveys/transcription_queue.html", {"program": program, "sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def transcribe(request: HttpRequest, answer_id: UUID) -> HttpResponse:
    answer, roles = get_answer_for_transcriber(request, answer_id)
    survey = answer.response.survey
    transcript = getattr(answer, "transcript", None)
    marks = selectors.screen_marks(answer.text, names=selectors.roster_names(survey=survey))
    initial = {
        "text": transcript.text if transcript else selectors.draft_from_marks(answer.text, marks),
        "approve": transcript.approved if transcript else False,
    }
    form = TranscriptForm(
        request.POST or None, initial=initial, program=survey.group.program, person=roles.person
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.transcript_save(
                answer=answer,
                transcriber=roles.person,
                text=form.cleaned_data["text"],
                approve=form.cleaned_data["approve"],
            )
        messages.success(
            request, _("Transcript approved.") if form.cleaned_data["approve"] else _("Draft saved.")
        )
        following = _next_pending(answer, roles)
        if following is not None:
            return redirect("surveys:transcribe", answer_id=following.id)
        return redirect("surveys:transcription", slug=survey.group.program.slug)
    return render(
        request,
        "surveys/transcribe.html",
        {
            "answer": answer,
            "survey": survey,
            "program": survey.group.program,
            "segments": selectors.marked_segments(answer.text, marks),
            "marks": marks,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


def _next_pending(answer, roles):
    queue = selectors.transcription_queue(
        program=answer.response.survey.group.program, transcriber=roles.person
    )
    return queue.filter(transcript__isnull=True).exclude(id=answer.id).first()
