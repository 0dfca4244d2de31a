"""Home-page cards: open surveys for residents, counts for leaders, the queue for transcribers."""

from django.http import HttpRequest

from balint.surveys import selectors


def home_panels(request: HttpRequest, panel) -> list[tuple[str, dict]]:
    """Home-page cards for one program, according to the person's roles there (a few queries each)."""
    roles, program, cards = panel.roles, panel.program, []
    person = roles.person
    if person is None:
        return cards
    if roles.is_resident:
        surveys = list(selectors.open_surveys_for(person=person).filter(group__program=program))
        cards.append(("surveys/partials/_home_resident.html", {"surveys": surveys}))
    if roles.is_leader or roles.is_admin or roles.is_analyst:
        surveys = list(selectors.survey_list(program=program, roles=roles)[:4])
        cards.append(
            (
                "surveys/partials/_home_results.html",
                {"surveys": surveys, "program": program, "can_edit": roles.is_leader or roles.is_admin},
            )
        )
    if roles.is_transcriber:
        pending = selectors.transcription_pending_count(program=program, transcriber=person)
        cards.append(("surveys/partials/_home_transcriber.html", {"pending": pending, "program": program}))
    return cards
