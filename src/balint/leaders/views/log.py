"""The leader's own log: entries of each kind, debriefs after a session, and the home page's panel."""

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from balint.core.errors import ApplicationError
from balint.leaders import selectors, services
from balint.leaders.access import get_leader, get_own
from balint.leaders.forms import (
    DebriefForm,
    SessionElsewhereForm,
    SupervisionForm,
    TrainingEventForm,
)
from balint.leaders.models import (
    Debrief,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.leaders.progress import path_progress
from balint.meetings.access import get_meeting_for


@dataclass(frozen=True)
class EntryKind:
    model: type[Model]
    form: type[ModelForm]
    title: str  # a lazy translation
    needs_leader: bool = False


ENTRY_KINDS = {
    "training": EntryKind(TrainingEvent, TrainingEventForm, gettext_lazy("training event")),
    "supervision": EntryKind(
        SupervisionSession, SupervisionForm, gettext_lazy("supervision session"), needs_leader=True
    ),
    "elsewhere": EntryKind(SessionElsewhere, SessionElsewhereForm, gettext_lazy("session led elsewhere")),
}


def _own(kind: EntryKind):
    return lambda person: kind.model.objects.filter(leader=person)


@login_required
def home_panel(request: HttpRequest) -> HttpResponse:
    """The home page's progress card, loaded after the page by htmx."""
    leader = get_leader(request)
    progress = selectors.progress_for(person=leader, today=timezone.localdate())
    return render(request, "leaders/partials/_home_panel.html", {"ctx": {"progress": progress}})


@login_required
def log(request: HttpRequest) -> HttpResponse:
    leader = get_leader(request)
    page = selectors.log_page(person=leader)
    today = timezone.localdate()
    followed = list(selectors.followed_paths(person=leader))
    logged = page.log
    return render(
        request,
        "leaders/log.html",
        {
            "leader": leader,
            "page": page,
            "progress": [path_progress(f, logged, today) for f in followed],
        },
    )


def _entry_form(request: HttpRequest, kind: EntryKind, leader, instance=None):
    extra = {"leader": leader} if kind.needs_leader else {}
    return kind.form(request.POST or None, instance=instance, **extra)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, kind_name: str) -> HttpResponse:
    kind = ENTRY_KINDS[kind_name]
    leader = get_leader(request)
    form = _entry_form(request, kind, leader)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_create(model=kind.model, leader=leader, data=form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The {title} was added to your log.").format(title=kind.title))
            return redirect("leaders:log")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "leaders/entry_form.html", {"form": form, "kind": kind, "entry": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind_name: str, code: UUID) -> HttpResponse:
    kind = ENTRY_KINDS[kind_name]
    leader, entry = get_own(request, _own(kind), code)
    form = _entry_form(request, kind, leader, instance=kind.model.objects.get(pk=entry.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(entry=entry, data=form.cleaned_data)
        except ApplicationError as error:
            error.add_to(form)
        else:
            messages.success(request, _("The {title} was updated.").format(title=kind.title))
            return redirect("leaders:log")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "leaders/entry_form.html",
        {
            "form": form,
            "kind": kind,
            "entry": entry,
            "delete_url": reverse(f"leaders:{kind_name}_delete", args=[code]),
        },
        status=status,
    )


@login_required
@require_POST
def entry_delete(request: HttpRequest, kind_name: str, code: UUID) -> HttpResponse:
    kind = ENTRY_KINDS[kind_name]
    _person, entry = get_own(request, _own(kind), code)
    services.entry_delete(entry=entry)
    messages.success(request, _("The {title} was removed from your log.").format(title=kind.title))
    return redirect("leaders:log")


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting, roles = get_meeting_for(request, code, lambda r, g: r.leads(g))
    author = roles.person
    existing = Debrief.objects.filter(author=author, meeting=meeting).first()
    form = DebriefForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        services.debrief_save(author=author, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Your debrief was saved. Only you can read it."))
        return redirect("leaders:debriefs")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "leaders/debrief_form.html",
        {"form": form, "meeting": meeting, "debrief": existing},
        status=status,
    )


@login_required
@require_POST
def debrief_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    _person, entry = get_own(request, lambda person: Debrief.objects.filter(author=person), code)
    services.debrief_delete(debrief=entry)
    messages.success(request, _("The debrief was deleted."))
    return redirect("leaders:debriefs")


@login_required
def debriefs(request: HttpRequest) -> HttpResponse:
    leader = get_leader(request)
    led = selectors.sessions_led(person=leader)
    return render(
        request,
        "leaders/debriefs.html",
        {
            "debriefs": list(selectors.debriefs(person=leader)),
            "undebriefed": [s for s in led if not s.debriefed][:12],
        },
    )
