"""The pages that import a scored instrument's wording or a set of scores: upload → preview → confirm.

Driven through the real URLs: the preview stores nothing, every faulty row is named, a file that cannot be
read gets a clear error, a confirmation is all or nothing and only for the program it was made for, and
other roles and programs get 403/404.
"""

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balint.surveys.models import Instrument, Question
from balint.surveys.scales.definitions import CBI
from balint.surveys.scales.models import ScoredInstrument, ScoreRow, ScoreSet

pytestmark = pytest.mark.django_db


def cbi_csv(skip: tuple[str, ...] = (), extra: str = "") -> bytes:
    lines = ["item,text,options"]
    for item in CBI.items:
        if item.key not in skip:
            lines.append(f'{item.key},"Our wording of item {item.key}",')
    return ("\n".join(lines) + "\n" + extra).encode()


def _upload(client, world, data: bytes, name: str = "cbi.csv", scale: str = "cbi"):
    url = reverse("surveys:scale_wording", args=[world.program.slug])
    return client.post(url, {"scale": scale, "file": SimpleUploadedFile(name, data)})


def _signed(response) -> str:
    match = re.search(r'name="confirm" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation form on the preview"
    return html.unescape(match.group(1))


def test_it_previews_the_wording_without_storing_it_then_imports_it_all_on_confirm(client, world):
    client.force_login(world.leader.user)
    preview = _upload(client, world, cbi_csv())
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Our wording of item 13" in body and "energy left for family and friends" in body
    assert not Instrument.objects.filter(
        program=world.program, name=CBI.name
    ).exists()  # a preview writes nothing
    url = reverse("surveys:scale_wording", args=[world.program.slug])
    done = client.post(url, {"confirm": _signed(preview)})
    instrument = Instrument.objects.get(program=world.program, name=CBI.name)
    assert done.status_code == 302 and done["Location"] == reverse(
        "surveys:instrument", args=[instrument.code]
    )
    questions = list(instrument.questions.order_by("position"))
    assert [q.text for q in questions] == [f"Our wording of item {i}" for i in range(1, 20)]
    assert all(q.kind == Question.Kind.SINGLE and len(q.choices) == 5 for q in questions)
    assert questions[6].choices[0] == "To a very high degree"  # item 7's default labels, not frequency
    link = ScoredInstrument.objects.get(family=instrument.family)
    assert link.scale_key == "cbi" and link.items["13"] == "13" and link.imported_by == world.leader


def test_it_imports_json_wording_with_the_open_question(client, world):
    client.force_login(world.administrator.user)
    data = {
        "items": [
            {"item": str(i), "text": f"Item {i} in our copy", "options": list("ABCDE")} for i in range(1, 11)
        ],
        "open": "What would you change?",
    }
    preview = _upload(client, world, json.dumps(data).encode(), name="miniz.json", scale="mini-z-2")
    assert preview.status_code == 200
    client.post(reverse("surveys:scale_wording", args=[world.program.slug]), {"confirm": _signed(preview)})
    instrument = Instrument.objects.get(program=world.program, name__startswith="Mini Z")
    kinds = list(instrument.questions.order_by("position").values_list("kind", "choices"))
    assert kinds[:10] == [(Question.Kind.SINGLE, list("ABCDE"))] * 10 and kinds[10] == (
        Question.Kind.OPEN,
        [],
    )


def test_it_names_every_faulty_row_of_a_wording_file_and_stores_nothing(client, world):
    client.force_login(world.leader.user)
    rows = [
        "item,text,options",
        *(f"{i},Wording {i}," for i in range(1, 13)),
        "3,Item three again,",  # row 14
        '13,Wording 13,"A|B|C"',  # row 15: three options of five
        "14,,",  # row 16: empty
        "20,No such item,",  # row 17
        "open,An open question,",  # row 18: the CBI has none
    ]
    response = _upload(client, world, ("\n".join(rows) + "\n").encode())
    assert response.status_code == 422
    body = html.unescape(response.content.decode())
    assert "this item appears twice" in body
    assert "3 options: give all 5" in body
    assert "the wording is empty" in body
    assert "has no item 20: items are 1 to 19" in body
    assert "CBI has no open question" in body
    assert "The file lacks items 15, 16, 17, 18, 19 of CBI." in body
    for number in (14, 15, 16, 17, 18):
        assert re.search(rf'<tr class="row-error">\s*<td>{number}</td>', body), number
    assert 'name="confirm"' not in body
    assert not Instrument.objects.filter(name=CBI.name).exists()
    assert not ScoredInstrument.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "cbi.csv",
            b"item;text\n1;x\n",
            "The CSV needs a first row naming the columns item and text",
        ),
        ("cbi.csv", "item,text\n1,Müde\n".encode("latin-1"), "The file is not UTF-8 text"),
        ("cbi.json", b'{"items": [', "Not a JSON file"),
        ("cbi.json", b'[{"item": "1"}]', 'The JSON needs an object with a list "items"'),
        (
            "cbi.csv",
            b"item,text\n1," + b"x" * (1024 * 1024) + b"\n",
            "The file is larger than the upload limit of 1 MB.",
        ),
        ("cbi.csv", b"", "The submitted file is empty."),
    ],
)
def test_it_refuses_a_file_it_cannot_read_with_a_clear_error(client, world, name, data, message):
    client.force_login(world.leader.user)
    response = _upload(client, world, data, name=name)
    assert response.status_code == 422
    assert message in html.unescape(response.content.decode())
    assert not ScoredInstrument.objects.exists()


def test_it_refuses_the_template_unchanged_and_a_licensed_instrument(client, world):
    client.force_login(world.leader.user)
    template = client.get(reverse("surveys:scale_template", args=[world.program.slug, "cbi", "wording.csv"]))
    assert template.status_code == 200 and template["Content-Disposition"].endswith('cbi-wording.csv"')
    text = template.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "item,text,options"
    assert "general tiredness" in text and "Always|Often|Sometimes|Seldom|Never / almost never" in text
    refused = _upload(client, world, template.content)
    assert refused.status_code == 422
    assert "still the template&#x27;s placeholder" in refused.content.decode()
    licensed = _upload(client, world, cbi_csv(), scale="jse")
    assert licensed.status_code == 422 and "Select a valid choice" in licensed.content.decode()
    missing = client.get(reverse("surveys:scale_template", args=[world.program.slug, "jse", "wording.csv"]))
    assert missing.status_code == 404
    assert not ScoredInstrument.objects.exists()


def test_it_refuses_a_changed_or_foreign_confirmation(client, world):
    client.force_login(world.leader.user)
    signed = _signed(_upload(client, world, cbi_csv()))
    url = reverse("surveys:scale_wording", args=[world.program.slug])
    tampered = client.post(url, {"confirm": signed[:-3] + "abc"}, follow=True)
    assert "The preview expired or was changed" in tampered.content.decode()
    # The outsider leads another program: the same confirmation posted there stores nothing anywhere.
    client.force_login(world.outsider.user)
    other = client.post(
        reverse("surveys:scale_wording", args=[world.other_program.slug]), {"confirm": signed}
    )
    assert other.status_code == 302
    here = client.post(url, {"confirm": signed})
    assert here.status_code == 404
    assert not ScoredInstrument.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "transcriber", "analyst", "outsider"])
def test_it_lets_no_other_role_or_program_import(client, world, persona):
    client.force_login(getattr(world, persona).user)
    wording = _upload(client, world, cbi_csv())
    scores = client.post(
        reverse("surveys:scale_scores", args=[world.program.slug]),
        {
            "scale": "jse",
            "title": "JSE",
            "collected_on": "2025-05-01",
            "file": SimpleUploadedFile("s.csv", b"total\n90\n"),
        },
    )
    template = client.get(reverse("surveys:scale_template", args=[world.program.slug, "jse", "scores.csv"]))
    expected = 404 if persona == "outsider" else 403
    assert (wording.status_code, scores.status_code, template.status_code) == (expected,) * 3
    assert not ScoredInstrument.objects.exists() and not ScoreSet.objects.exists()


# ---- scores ------------------------------------------------------------------------------------------


def _scores(client, world, data: bytes, **fields):
    form = {"scale": "mbi-hss-mp", "title": "MBI spring", "collected_on": "2025-05-20", **fields}
    form["file"] = SimpleUploadedFile("scores.csv", data)
    return client.post(reverse("surveys:scale_scores", args=[world.program.slug]), form)


def test_it_previews_scores_then_imports_anonymous_rows_with_only_a_hash_of_each_code(client, world):
    client.force_login(world.leader.user)
    data = b"ee,dp,pa,code\n20,5,40,AB12\n30,10,35,CD34\n25,,38,EF56\n40,12,30,GH78\n"
    preview = _scores(client, world, data, uses_codes="on", invited="5", cohort=str(world.cohort.code))
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "4 respondents, every row right" in body and "28.8" in body  # ee mean 115 / 4
    assert not ScoreSet.objects.exists()
    done = client.post(
        reverse("surveys:scale_scores", args=[world.program.slug]), {"confirm": _signed(preview)}
    )
    assert done.status_code == 302 and done["Location"] == reverse(
        "reports:scales", args=[world.program.slug]
    )
    score_set = ScoreSet.objects.get()
    assert (score_set.source, score_set.invited, score_set.cohort, score_set.uses_codes) == (
        ScoreSet.Source.IMPORTED,
        5,
        world.cohort,
        True,
    )
    rows = list(ScoreRow.objects.filter(score_set=score_set))
    assert sorted(r.values["ee"] for r in rows) == [20, 25, 30, 40]
    assert all(len(r.pair_code) == 64 and "AB12" not in r.pair_code for r in rows)
    assert sorted(r.values.get("dp", -1) for r in rows) == [-1, 5, 10, 12]


def test_it_names_every_faulty_score_row_and_stores_nothing(client, world):
    client.force_login(world.leader.user)
    data = b"ee,dp,pa,code\n20,5,40,AB\nlots,5,40,CD\n60,5,40,EF\n,,,GH\n20,5,40,\n"
    response = _scores(client, world, data, uses_codes="on")
    assert response.status_code == 422
    body = html.unescape(response.content.decode())
    assert "4 of 5 rows have problems" in body
    assert "ee: 'lots' is not a number" in body
    assert "ee: 60 is outside 0 to 54" in body
    assert "no score in this row" in body
    assert "no code, though the set pairs respondents by their own code" in body
    assert 'name="confirm"' not in body and not ScoreSet.objects.exists()


@pytest.mark.parametrize(
    ("data", "fields", "message"),
    [
        (b"total\n100\n", {}, "The CSV needs a first row naming at least one of the columns ee, dp, pa"),
        (b"ee,age\n20,31\n", {}, "Unknown columns: age"),
        (b"ee\n20\n", {"uses_codes": "on"}, "so the CSV needs a column code"),
        (b"ee\n20\n30\n", {"invited": "1"}, "2 respondents but only 1 asked"),
        (b"ee\n\n", {}, "There are no scores to store."),
        (b"ee\n20\n", {"collected_on": "not a date"}, "Enter a valid date."),
    ],
)
def test_it_refuses_a_score_file_it_cannot_take_with_a_clear_error(client, world, data, fields, message):
    client.force_login(world.administrator.user)
    response = _scores(client, world, data, **fields)
    assert response.status_code == 422
    assert message in html.unescape(response.content.decode())
    assert not ScoreSet.objects.exists()


def test_it_offers_only_the_programs_own_cohorts_and_groups(client, world):
    client.force_login(world.leader.user)
    response = _scores(client, world, b"ee\n20\n", group=str(world.outsider_group.code))
    assert response.status_code == 422 and "Select a valid choice" in response.content.decode()
    assert not ScoreSet.objects.exists()


def test_it_offers_a_score_template_with_the_subscale_columns(client, world):
    client.force_login(world.leader.user)
    response = client.get(
        reverse("surveys:scale_template", args=[world.program.slug, "mbi-hss-mp", "scores.csv"])
    )
    assert response.content.decode("utf-8-sig").splitlines() == ["ee,dp,pa,code"]
