"""The attributes grid and the code x attribute matrix, driven through their URLs."""

import datetime

import pytest
from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import Attribute, Case, Source
from balint.coding.services.attributes import attribute_create
from balint.coding.services.cases import CasePart, source_create_with_cases
from balint.coding.tests.factories import code, make_source, make_theme

pytestmark = pytest.mark.django_db


def _sign_in(client, person) -> None:
    assert client.login(username=person.user.username, password=PASSWORD)


def _respondents(world, count: int, theme, coded: int) -> Source:
    """A question's source with `count` respondents' answers, the first `coded` of them coded with `theme`."""
    parts = [
        CasePart(origin=f"test:{i}", name=f"Respondent R{i:02d}", text=f"Answer number {i}.")
        for i in range(count)
    ]
    source = source_create_with_cases(
        program=world.program,
        kind=Source.Kind.TRANSCRIPT,
        title="End of year, question 1",
        parts=parts,
        date=datetime.date(2025, 6, 30),
        group=world.group,
    )
    for span in source.case_spans.order_by("start")[:coded]:
        code(source, world.analyst, theme, span.start, span.end)
    return source


def test_it_shows_cases_and_sources_with_built_in_attributes(client, world):
    theme = make_theme(world.program, "Feelings")
    make_source(world.program, group=world.group, title="Tuesday session")
    _respondents(world, 6, theme, 2)
    _sign_in(client, world.analyst)
    page = client.get(reverse("coding:attributes", args=[world.program.slug])).content.decode()
    assert "Tuesday session" in page and "Respondent R03" in page
    assert "End of year, question 1" not in page.split("<tbody>")[1]  # shown through its cases
    assert world.group.name in page and world.program.institution in page


def test_it_sets_an_attribute_by_hand_and_refuses_a_bad_value(client, world):
    source = make_source(world.program, group=world.group)
    attribute_create(
        program=world.program, name="Presenter's year", type="choice", choices=["PGY-2", "PGY-3"]
    )
    attribute_create(program=world.program, name="Residents present", type="number")
    _sign_in(client, world.leader)
    url = reverse("coding:attribute_values", args=[world.program.slug])
    row = f"source:{source.code}"
    bad = client.post(url, {"row": row, "v:Presenter's year": "PGY-9", "v:Residents present": "7"})
    assert bad.status_code == 422 and "not one of its choices" in bad.content.decode()
    source.refresh_from_db()
    assert source.attributes == {}  # one bad value changes nothing
    ok = client.post(url, {"row": row, "v:Presenter's year": "PGY-3", "v:Residents present": "7,0"})
    assert ok.status_code == 302
    source.refresh_from_db()
    assert source.attributes == {"Presenter's year": "PGY-3", "Residents present": "7"}


def test_it_adds_an_attribute_and_refuses_a_built_in_name(client, world):
    _sign_in(client, world.analyst)
    url = reverse("coding:attribute_create", args=[world.program.slug])
    assert client.post(url, {"name": "Training year", "type": "text"}).status_code == 422
    assert client.post(url, {"name": "Rotation", "type": "choice", "choices": "Only one"}).status_code == 422
    assert (
        client.post(url, {"name": "Rotation", "type": "choice", "choices": "ICU\nClinic"}).status_code == 302
    )
    assert Attribute.objects.get(program=world.program).choices == ["ICU", "Clinic"]


def test_it_refuses_a_row_the_person_may_not_see(client, world):
    hidden = make_source(world.program, group=world.group, deidentified=False)
    _sign_in(client, world.analyst)
    url = reverse("coding:attribute_values", args=[world.program.slug])
    assert client.post(url, {"row": f"source:{hidden.code}"}).status_code == 404
    assert client.post(url, {"row": "case:not-a-code"}).status_code == 404


def test_the_columns_choice_names_the_column_the_table_is_drawn_by(client, world):
    import re

    theme = make_theme(world.program, "Feelings")
    code(make_source(world.program, group=world.group, title="Tuesday session"), world.leader, theme, 0, 10)
    _sign_in(client, world.leader)
    url = reverse("coding:matrix", args=[world.program.slug])

    def selected(page: str) -> list[str]:
        select = re.search(r'<select name="attribute".*?</select>', page, re.S).group(0)
        return re.findall(r'<option value="([^"]*)"[^>]*selected', select)

    first = client.get(url).content.decode()  # drawn by group before any filter is chosen
    assert "by Group" in first and selected(first) == ["group"]
    by_kind = client.get(url, {"attribute": "kind"}).content.decode()
    assert "by Source kind" in by_kind and selected(by_kind) == ["kind"]


def test_it_counts_cases_per_value_and_hides_small_resident_cells(client, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 5
    theme = make_theme(world.program, "Feelings")
    logistics = make_theme(world.program, "Logistics")
    source = make_source(world.program, group=world.group, title="Tuesday session")
    code(source, world.leader, theme, 0, 10)
    code(source, world.leader, logistics, 0, 10)
    _respondents(world, 6, theme, 2)
    _sign_in(client, world.leader)
    url = reverse("coding:matrix", args=[world.program.slug])
    page = client.get(url, {"attribute": "kind"}).content.decode()
    assert "&lt;5" in page  # two of six respondents
    # "Feelings": the note's 1 and "<5" respondents; its total (3) would bound them: shown as "×"
    assert ">×<" in page and ">3<" not in page
    assert "100 %" in page  # "Logistics": the one session note, not residents: shown as it is
    quotes = client.get(
        reverse("coding:matrix_quotes", args=[world.program.slug]),
        {"attribute": "kind", "value": "Survey respondent", "theme": str(theme.code)},
    ).content.decode()
    assert "Answer number" not in quotes and "Fewer than 5" in quotes


def test_it_shows_the_quotes_behind_a_cell_with_their_case(client, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 3
    theme = make_theme(world.program, "Feelings")
    _respondents(world, 4, theme, 3)
    _sign_in(client, world.analyst)
    response = client.get(
        reverse("coding:matrix_quotes", args=[world.program.slug]),
        {"attribute": "kind", "value": "Survey respondent", "theme": str(theme.code)},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.count("<blockquote") == 3 and "Respondent R00" in page and "Answer number 3" not in page
    matrix = client.get(reverse("coding:matrix", args=[world.program.slug]), {"attribute": "kind"})
    assert "75 %" in matrix.content.decode()


def test_it_never_names_a_resident_to_an_analyst(client, world):
    from balint.surveys import services as surveys
    from balint.surveys.models import Answer, Question
    from balint.surveys.tests.factories import add_members, answer, make_survey

    add_members(world.group, 3)
    survey = make_survey(world.group)
    members = list(survey.group.members.order_by("pk"))[:4]
    for person in members:
        answer(survey, person, text=f"I am {person.full_name} and I feel heard.")
    for item in Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN):
        surveys.transcript_save(
            answer=item, transcriber=world.transcriber, text="I feel heard.", approve=True
        )
    surveys.transcripts_send_to_analysis(survey=survey, sent_by=world.leader)
    theme = make_theme(world.program, "Being heard")
    for source in Source.objects.filter(program=world.program):
        code(source, world.analyst, theme, 0, 6)
    _sign_in(client, world.analyst)
    pages = [
        client.get(reverse("coding:attributes", args=[world.program.slug])),
        client.get(reverse("coding:matrix", args=[world.program.slug]), {"attribute": "kind"}),
        client.get(
            reverse("coding:matrix_quotes", args=[world.program.slug]),
            {"attribute": "kind", "value": "Survey respondent", "theme": str(theme.code)},
        ),
    ]
    text = " ".join(p.content.decode() for p in pages)
    assert all(p.status_code == 200 for p in pages) and "respondent" in text
    for person in members:
        assert person.full_name not in text and str(person.code) not in text
    for case in Case.objects.filter(program=world.program):
        assert case.spans.exists()
    for answer_id in Answer.objects.values_list("id", flat=True):
        assert str(answer_id) not in text


def test_it_refuses_the_quotes_of_a_hidden_cell_even_among_sources(client, world, settings):
    settings.BALINT_REPORT_MIN_CELL = 3
    theme = make_theme(world.program, "Feelings")
    for index in range(3):
        code(
            make_source(world.program, group=world.group, title=f"Session {index}"),
            world.leader,
            theme,
            0,
            10,
        )
    _respondents(world, 6, theme, 2)
    # by kind: the notes' 3 beside two respondents ("<3") and a total of 5 would tell it: hidden, quotes too
    _sign_in(client, world.analyst)
    url = reverse("coding:matrix_quotes", args=[world.program.slug])
    query = {"attribute": "kind", "value": "Session note", "theme": str(theme.code)}
    page = client.get(url, query).content.decode()
    assert "<blockquote" not in page and "is hidden so that" in page
    by_sources = client.get(
        url, {**query, "unit": "sources"}
    ).content.decode()  # no residents: nothing hidden
    assert by_sources.count("<blockquote") == 3


@pytest.mark.parametrize("size", [3, 12])
def test_it_reads_the_grid_and_matrix_in_a_fixed_number_of_queries(
    client, world, size, django_assert_max_num_queries
):
    theme = make_theme(world.program, "Feelings")
    make_theme(world.program, "Logistics")
    attribute_create(program=world.program, name="Rotation", type="text")
    for index in range(size):
        source = make_source(world.program, group=world.group, title=f"Session {index}", cohort=world.cohort)
        code(source, world.leader, theme, 0, 10)
    _respondents(world, size, theme, size // 2)
    _sign_in(client, world.leader)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("coding:attributes", args=[world.program.slug])).status_code == 200
    with django_assert_max_num_queries(21):
        response = client.get(
            reverse("coding:matrix", args=[world.program.slug]), {"attribute": "training_year"}
        )
        assert response.status_code == 200
