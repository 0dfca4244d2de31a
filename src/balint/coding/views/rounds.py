"""Analysis rounds: open, reflect, close (the snapshot freezes) and compare."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balint.coding import selectors, services
from balint.coding.access import get_round_for, get_workspace_for
from balint.coding.forms import RoundForm
from balint.coding.services.rounds import codebook_snapshot
from balint.coding.views.common import base, require_person
from balint.core.errors import ApplicationError


@login_required
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    rounds = selectors.rounds(program=program)
    form = RoundForm(initial={"started_on": timezone.localdate()})
    return render(request, "coding/round_list.html", base(program, roles, rounds=rounds, form=form))


@require_POST
@login_required
def round_open(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    form = RoundForm(request.POST)
    if not form.is_valid():
        rounds = selectors.rounds(program=program)
        return render(
            request, "coding/round_list.html", base(program, roles, rounds=rounds, form=form), status=422
        )
    analysis_round = services.round_open(
        program=program,
        started_on=form.cleaned_data["started_on"],
        reflection=form.cleaned_data["reflection"],
    )
    messages.success(request, _("Round {number} is open.").format(number=analysis_round.number))
    return redirect("coding:round", code=analysis_round.code)


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    analysis_round, roles = get_round_for(request, code)
    form = None
    if not analysis_round.is_closed:
        initial = {f: getattr(analysis_round, f) for f in ("started_on", "ended_on", "reflection")}
        form = RoundForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            services.round_update(analysis_round=analysis_round, data=form.cleaned_data)
            messages.success(request, _("The round was saved."))
            return redirect("coding:round", code=analysis_round.code)
    elif request.method == "POST":
        raise ApplicationError(_("This round is closed; its snapshot and memo can no longer change."))
    snapshot = analysis_round.snapshot or codebook_snapshot(program=analysis_round.program)
    themes = sorted((t for t in snapshot["themes"] if t["active"]), key=lambda t: -t["codings"])
    previous = selectors.round_before(analysis_round=analysis_round)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "coding/round_detail.html",
        base(
            analysis_round.program,
            roles,
            round=analysis_round,
            form=form,
            snapshot=snapshot,
            themes=themes,
            reflection=services.render_markdown(analysis_round.reflection),
            previous=previous,
        ),
        status=status,
    )


@require_POST
@login_required
def round_close(request: HttpRequest, code: UUID) -> HttpResponse:
    analysis_round, roles = get_round_for(request, code)
    services.round_close(analysis_round=analysis_round, by=require_person(roles))
    messages.success(
        request, _("Round {number} is closed; its snapshot is frozen.").format(number=analysis_round.number)
    )
    return redirect("coding:round", code=analysis_round.code)


@login_required
def round_compare(request: HttpRequest, slug: str) -> HttpResponse:
    program, roles = get_workspace_for(request, slug)
    rounds = selectors.rounds(program=program, closed=True)
    by_code = {str(r.code): r for r in rounds}
    first = by_code.get(request.GET.get("a", "")) or (
        rounds[-2] if len(rounds) >= 2 else rounds[0] if rounds else None
    )
    second_key = request.GET.get("b", "")
    second = by_code.get(second_key) or (
        None if second_key == "now" else (rounds[-1] if len(rounds) >= 2 else None)
    )
    comparison = None
    if first is not None:
        after = second.snapshot if second is not None else codebook_snapshot(program=program)
        comparison = services.rounds_compare(before=first.snapshot, after=after)
    return render(
        request,
        "coding/round_compare.html",
        base(program, roles, rounds=rounds, first=first, second=second, comparison=comparison),
    )
