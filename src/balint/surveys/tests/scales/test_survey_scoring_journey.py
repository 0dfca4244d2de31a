"""Survey-based scoring from end to end, through the real URLs: a program imports the Copenhagen Burnout
Inventory's wording, opens it as a survey for its group before and after a change of format, residents
answer anonymously through their one-time links, and past the threshold the scored-scales page shows the
subscale scores (hand-computed below), before/after with the n behind each, and no one's name.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balint.programs.models import GroupPolicy
from balint.surveys.models import Instrument, Invitation, Response
from balint.surveys.scales.definitions import CBI
from balint.surveys.tests.factories import add_members

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _import_cbi(client, world) -> Instrument:
    client.force_login(world.leader.user)
    rows = "item,text,options\n" + "".join(f"{i.key},Our CBI item {i.key},\n" for i in CBI.items)
    url = reverse("surveys:scale_wording", args=[world.program.slug])
    preview = client.post(url, {"scale": "cbi", "file": SimpleUploadedFile("cbi.csv", rows.encode())})
    signed = re.search(r'name="confirm" value="([^"]+)"', preview.content.decode()).group(1)
    client.post(url, {"confirm": signed})
    return Instrument.objects.get(program=world.program, name=CBI.name)


def _open_survey(client, world, instrument, title, opens, closes, capture) -> dict[str, str]:
    """The leader opens the survey on its page; returns each resident's one-time link by e-mail address."""
    client.force_login(world.leader.user)
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(
            reverse("surveys:create", args=[world.group.code]),
            {
                "title": title,
                "instrument": str(instrument.code),
                "opens_at": opens,
                "closes_at": closes,
                "min_answers": "5",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return {m.to[0]: re.search(r"https?://[^/\s]+(/s/[^/\s]+/)", m.body).group(1) for m in mail.outbox}


def _answer(client, link: str, option: int) -> None:
    """A resident answers every item with the same option (0 = first) through the link, signed out."""
    page = client.get(link)
    assert page.status_code == 200
    fields = sorted(set(re.findall(r'name="(q_[0-9a-f-]+)"', page.content.decode())))
    assert len(fields) == 19
    done = client.post(link, {name: str(option) for name in fields})
    assert done.status_code == 302 and done["Location"] == reverse("surveys:thanks")


def _at(day: datetime.datetime):
    return time_machine.travel(day, tick=False)


def _run(client, world, instrument, title, start, options, capture):
    with _at(start):
        links = _open_survey(
            client,
            world,
            instrument,
            title,
            f"{start:%Y-%m-%d}T08:00",
            f"{start + datetime.timedelta(days=7):%Y-%m-%d}T17:00",
            capture,
        )
        assert len(links) == 6  # every resident of the group got a link
    with _at(start + datetime.timedelta(days=1)):
        for link, option in zip(sorted(links.values()), options, strict=False):
            _answer(client, link, option)


def _before_and_after_a_change(client, world, capture):
    """Six residents, the CBI imported, a format change on 1 April 2025, and five of six answering a survey
    on each side of it: options 1, 1, 2, 2, 3 on every item before, 3, 4, 4, 5, 5 after."""
    add_members(world.group, 4)
    with _at(datetime.datetime(2025, 2, 1, 15, tzinfo=UTC)):
        instrument = _import_cbi(client, world)
    GroupPolicy.objects.create(
        group=world.group, effective_from=datetime.date(2025, 4, 1), format=GroupPolicy.Format.TRADITIONAL
    )
    _run(
        client,
        world,
        instrument,
        "CBI March",
        datetime.datetime(2025, 3, 3, 14, tzinfo=UTC),
        [0, 0, 1, 1, 2],
        capture,
    )
    _run(
        client,
        world,
        instrument,
        "CBI May",
        datetime.datetime(2025, 5, 5, 14, tzinfo=UTC),
        [2, 3, 3, 4, 4],
        capture,
    )
    return instrument


def test_it_scores_answered_surveys_past_the_threshold_before_and_after_a_change(
    client, world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    instrument = _before_and_after_a_change(client, world, capture)
    # A third survey reaches only four answers, under its threshold of five.
    _run(
        client,
        world,
        instrument,
        "CBI June",
        datetime.datetime(2025, 6, 2, 14, tzinfo=UTC),
        [0, 0, 0, 0],
        capture,
    )

    assert Response.objects.count() == 14
    assert Invitation.objects.filter(answered=True).count() == 14

    with _at(datetime.datetime(2025, 6, 20, 14, tzinfo=UTC)):
        client.force_login(world.leader.user)
        body = client.get(reverse("reports:scales", args=[world.program.slug])).content.decode()
    administrations = re.search(r"<caption[^>]*>Each administration.*?</table>", body, re.S).group(0)
    # By hand (item 13 reversed): option 1 scores 100 on personal and client items, and work
    # (6 x 100 + 0) / 7 = 85.71; option 2: 75 and (6 x 75 + 25) / 7 = 67.86; option 3: 50 and 50.
    march = re.search(r"CBI March</th>(.*?)</tr>", administrations, re.S).group(1)
    assert [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', march)] == [
        "5",
        "80.0 (75.0)",  # personal: 100, 100, 75, 75, 50
        "71.4 (67.9)",  # work: 85.71, 85.71, 67.86, 67.86, 50
        "80.0 (75.0)",  # client-related
    ]
    may = re.search(r"CBI May</th>(.*?)</tr>", administrations, re.S).group(1)
    assert [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', may)] == [
        "5",
        "20.0 (25.0)",  # personal: 50, 25, 25, 0, 0
        "28.6 (32.1)",  # work: 50, (150 + 75) / 7 = 32.14 twice, 100 / 7 = 14.29 twice
        "20.0 (25.0)",
    ]
    assert "CBI June" not in body  # under its threshold: not counted anywhere
    year = re.search(r"<th scope=\"row\">2025</th>(.*?)</tr>", body, re.S).group(1)
    assert (
        '50.0 (50.0)<span class="n">n 10</span>' in year
    )  # the ten answers pooled: personal mean 50, median (50 + 50) / 2
    change = re.search(r"<caption[^>]*>Before and after.*?</table>", body, re.S).group(0)
    assert "1 April 2025" in change
    personal = re.search(r"Personal burnout.*?</tr>", change, re.S).group(0)
    # Difference -60; both SDs sqrt(437.5); g = -60 / 20.917 x (1 - 3 / 31) = -2.59.
    assert '80.0 (75.0)<span class="n">n 5</span>' in personal
    assert '20.0 (25.0)<span class="n">n 5</span>' in personal
    assert '-60.0<span class="n">(' in personal and '-2.59<span class="n">(' in personal
    for person in (world.resident, world.other_resident):
        assert person.full_name not in body and person.full_name.split()[0] not in body
    assert "85.7" not in body and "14.3" not in body  # no respondent's own score


def test_it_withholds_a_survey_whose_figure_would_give_away_a_small_set_beside_it(
    client, world, django_capture_on_commit_callbacks
):
    """A small score set (2 respondents) in the same year: the year's pooled mean and both surveys' means
    would give its mean by difference, so one survey is withheld too and before/after leaves both out."""
    capture = django_capture_on_commit_callbacks
    _before_and_after_a_change(client, world, capture)
    with _at(datetime.datetime(2025, 6, 20, 14, tzinfo=UTC)):
        client.force_login(world.leader.user)
        url = reverse("surveys:scale_scores", args=[world.program.slug])
        preview = client.post(
            url,
            {
                "scale": "cbi",
                "title": "Paper forms",
                "collected_on": "2025-03-20",
                "cohort": str(world.cohort.code),
                "file": SimpleUploadedFile("paper.csv", b"personal,work,client\n0,0,0\n10,10,10\n"),
            },
        )
        signed = re.search(r'name="confirm" value="([^"]+)"', preview.content.decode()).group(1)
        client.post(url, {"confirm": signed})
        body = client.get(reverse("reports:scales", args=[world.program.slug])).content.decode()
    administrations = re.search(r"<caption[^>]*>Each administration.*?</table>", body, re.S).group(0)
    paper = re.search(r"Paper forms</th>(.*?)</tr>", administrations, re.S).group(1)
    assert "&lt;5" in paper and "5.0" not in paper
    march = re.search(r"CBI March</th>(.*?)</tr>", administrations, re.S).group(1)
    assert "80.0" not in march and "–" in march  # withheld: with May and the year it would give Paper away
    assert "42.5" in body  # the year: (5 x 80 + 5 x 20 + 2 x 5) / 12
    change = re.search(r"<caption[^>]*>Before and after.*?</table>", body, re.S).group(0)
    assert "too few on one side" in change and "80.0" not in change
    split = re.search(r"<caption[^>]*>Before and after by cohort.*?</table>", body, re.S).group(0)
    assert "Class of 2027" in split and "Tuesday group" in split and "5.0" not in split
