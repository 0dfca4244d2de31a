"""Calendar links: a person's private feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balint.core.errors import ApplicationError
from balint.meetings import selectors, services
from balint.meetings.access import current_person


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.calendar_feed_create(person=person)
            messages.success(request, _("Your new calendar link is ready; any earlier link stopped working."))
        elif action == "revoke":
            services.calendar_feed_revoke(person=person)
            messages.success(request, _("Your calendar link no longer works."))
        else:
            messages.error(request, _("Unknown action."))
            return render(request, "meetings/calendar.html", _calendar_context(request, person), status=422)
        return redirect("meetings:calendar")
    return render(request, "meetings/calendar.html", _calendar_context(request, person))


def _calendar_context(request: HttpRequest, person) -> dict:
    feed = selectors.live_calendar_feed(person=person)
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token])) if feed else None
    return {"feed": feed, "feed_url": url, "webcal_url": url.replace("http", "webcal", 1) if url else None}


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = services.calendar_feed_by_token(token=token)
    except ApplicationError:
        raise Http404(_("No such calendar feed.")) from None
    response = HttpResponse(
        services.person_calendar(person=found.person), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=900"
    return response
