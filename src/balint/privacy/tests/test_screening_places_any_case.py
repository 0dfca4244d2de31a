"""Places found in any case style where the words around them frame them (round 8 of issue 17): a Census
name, also one that is a word, or a word no list holds, after a move and before why, when or where the patient
went or the clause's end ("sent to Grave for further eval", "discharge to Brunt tomorrow", "arrived to Sample
at 0330", "referred to Cairns."); an ordinary word only before why the patient was sent there ("sent to Union
for cath", "taken to Mercy where"); the moves notes also write ("discharge to", "d/c to", "enroute to",
"arrival to"); where a relative calls or comes from ("sister called from Boehne,"); and a hospital's
emergency room after an arrow ("found unresponsive-> Bushy EW"). Sentences written for these tests."""

from __future__ import annotations

import pytest

from balint.privacy.testing.screening import CASES, places


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Census name that is a word, after a move, before why, when or where the patient went
        ("She did r/i for MI and was sent to Grave for further eval.", "Grave"),
        ("Pt transfered to Strait for cath: LAD 90%, LCX 70%.", "Strait"),
        ("Taken to Union Hospital, then taken to Found where CKs were positive.", "Found"),
        ("2 wks leg weakness, trans to Clear 7/23, dopamine weaned off.", "Clear"),
        ("Give pain meds sparingly, discharge to Brunt tomorrow, please check page 2.", "Brunt"),
        ("Pt is 80 yo woman admitted to Whack w/ CHF 11/30.", "Whack"),
        ("Head CT at OSH without bleed; arrived to Sample at 0330.", "Sample"),
        ("72 yr old male adm from Sins cath lab, post stent x3 to RCA.", "Sins"),
        ("To go to Wine on Tuesday per case worker.", "Wine"),
        # ... or before the end of the clause
        ("Vitamin K given; referred to Cairns. Arrived in transfer approx. 2130.", "Cairns"),
        ("Pt intubated and sent to Dare, pt also s/p pacer placement.", "Dare"),
        # a surname that is no word, after the moves notes also write
        ("Rec'd ativan and fent enroute to Viviani, did begin to wake.", "Viviani"),
        ("Plan: d/c to Esposita tomorrow if bed available.", "Esposita"),
        ("Lt ear with packing (since arrival to Nayee). This is intact.", "Nayee"),
        # an ordinary word, before why the patient was sent there or its emergency room
        ("Pt sent to Union for cath, then back to the CCU.", "Union"),
        ("Found down, taken to Mercy where CKs were positive.", "Mercy"),
        ("Seen at OSH and transferred to Lantern for further management.", "Lantern"),
        # where a relative calls, flies or drives from, before the clause goes on
        ("Sister called from Boehne, will come in tomorrow.", "Boehne"),
        ("Son flew in from Dais today to see pt.", "Dais"),
        ("Wife drove up from Rushing this am.", "Rushing"),
        ("Daughter visiting from Grange, will stay at a hotel.", "Grange"),
        # a hospital's emergency room after an arrow
        ("HPI: found unresponsive-> Bushy EW today, presented in resp distress.", "Bushy EW"),
        ("Found down at home-> Dewaratanawan ER, then medflight here.", "Dewaratanawan ER"),
    ],
)
def test_it_finds_hospitals_framed_by_a_move_and_what_follows(change, text: str, expected: str) -> None:
    assert change(expected) in places(change(text))


@pytest.mark.parametrize("change", CASES)
@pytest.mark.parametrize(
    "text",
    [
        "Pt went to bed at 2200 and slept well.",
        "Foley dc'd at noon, no void yet; CVVHD d/c at noon.",
        "Wife went to church on Sunday and to work today.",
        "Transferred to chair with assist; transfer to floor for further management.",
        "Blood sent to lab for analysis; pt returned to unit at 1500.",
        "Pt went to sleep. Mental status returned to baseline this am.",
        "Pt taken to CT at 1400 and returned to unit.",
        "Sent to blood bank for crossmatch, then went to dialysis today.",
        "BP 80-> 90 er this am; HR 110 -> ed.",
        "Pt taken to surgery for further repair; sent to recovery where he woke.",
        "Pt went to sleep where he lay; sent to holding for further eval.",
        "Went to lunch at noon and to dinner at 5pm w/ wife.",
        "Son came from work at 5; wife called from home this am.",
        "Daughter drove in from the city today; son flew in from out of state.",
        "Received a call from Smith today; dtr called from her car.",
    ],
)
def test_it_leaves_ordinary_moves_alone(change, text: str) -> None:
    assert places(change(text)) == []
