"""Pages show every time in the program's time zone, in one date style, far from UTC."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from balint.coding.models import AnalysisRound, Memo
from balint.core import dates
from balint.meetings.models import Meeting, MeetingNote

UTC = datetime.UTC
# 20:30 UTC on 30 June 2030 is 08:30 on 1 July in Auckland (NZST, +12) and 13:30 on 30 June in Los Angeles.
STAMP = datetime.datetime(2030, 6, 30, 20, 30, tzinfo=UTC)
LOCAL = {"Pacific/Auckland": "Mon 1 Jul 2030, 08:30", "America/Los_Angeles": "Sun 30 Jun 2030, 13:30"}


@pytest.fixture(params=sorted(LOCAL))
def zone(request, world) -> str:
    world.program.time_zone = request.param
    world.program.save(update_fields=["time_zone"])
    return request.param


def test_memos_and_rounds_show_the_programs_time(client, world, zone):
    memo = Memo.objects.create(program=world.program, author=world.leader, title="Tiredness", body="x")
    Memo.objects.filter(pk=memo.pk).update(updated_at=STAMP)
    AnalysisRound.objects.create(
        program=world.program,
        number=1,
        started_on=datetime.date(2030, 6, 1),
        ended_on=datetime.date(2030, 6, 30),
        closed_at=STAMP,
        closed_by=world.leader,
    )
    round_ = AnalysisRound.objects.get()
    client.force_login(world.leader.user)
    memos = client.get(reverse("coding:memos", args=[world.program.slug])).content.decode()
    assert LOCAL[zone] in memos and "2030-06-30 20:30" not in memos
    detail = client.get(reverse("coding:round", args=[round_.code])).content.decode()
    assert f"closed {LOCAL[zone]}" in detail
    assert "1 Jun 2030 – 30 Jun 2030" in detail  # dates in the one style too


def test_session_pages_and_note_saves_show_the_programs_time(client, world, zone):
    meeting = Meeting.objects.create(
        group=world.group, starts_at=STAMP, ends_at=STAMP + datetime.timedelta(hours=1)
    )
    MeetingNote.objects.create(meeting=meeting, content="c")
    MeetingNote.objects.filter(meeting=meeting).update(updated_at=STAMP)
    client.force_login(world.leader.user)
    detail = client.get(reverse("meetings:detail", args=[meeting.code])).content.decode()
    assert LOCAL[zone] in detail
    note = client.get(reverse("meetings:note", args=[meeting.code])).content.decode()
    assert f"saved {LOCAL[zone]}" in note
    listing = client.get(reverse("meetings:list", args=[world.group.code])).content.decode()
    assert LOCAL[zone] in listing


def test_the_zone_does_not_outlive_the_request(client, world, zone):
    client.force_login(world.leader.user)
    client.get(reverse("meetings:list", args=[world.group.code]))
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_coding_page_stamps_codings_in_the_programs_time_and_style(client, world, zone):
    from balint.coding.models import Coding
    from balint.coding.tests.factories import code, make_source, make_theme

    source = make_source(world.program)
    coding = code(source, world.analyst, make_theme(world.program, "Tiredness"), 0, 5)
    Coding.objects.filter(pk=coding.pk).update(created_at=STAMP)
    client.force_login(world.analyst.user)
    page = client.get(reverse("coding:source", args=[source.code])).content.decode()
    assert LOCAL[zone] in page and "2030-06-30 20:30" not in page
    theme = make_theme(world.program, "Guilt")
    before = timezone.now()
    created = client.post(
        reverse("coding:coding_create", args=[source.code]),
        {"themes": [str(theme.code)], "start": 0, "end": 5, "quote": source.text[:5]},
    )
    assert created.status_code == 201, created.content
    stamp = created.json()["codings"][0]["at"]
    local = zoneinfo.ZoneInfo(zone)
    assert stamp in {dates.moment(before, local), dates.moment(timezone.now(), local)}
