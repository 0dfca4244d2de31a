"""Demo surveys: the needs assessment before the format change, end-of-program feedback, an open pulse.

All text is original, written for this fictional program around the themes such programs report:
the purpose of the group, wanting concrete strategies and help with well-being, frustration with a
strict structure (latecomers turned away, no problem solving), and clinics that run late. Raw answers
that name someone come with the transcript that removes it.
"""

import datetime

from balint.site.demo.world import DemoWorld
from balint.surveys import services
from balint.surveys.models import Answer, Instrument, Invitation, Question, Transcript
from balint.surveys.services import AnswerValue

# One pool per needs-assessment question; an entry is the raw answer, or (raw answer, transcript).
NEEDS = [
    [
        "A place to talk about the patients who stay with us after the visit is over, and why they stay.",
        "To look at the relationship with the patient, not only the diagnosis. I did not expect that "
        "to help, but it does.",
        "Honestly I am not sure yet. I think it is meant to help us notice our own reactions to patients.",
        "Professional development in a different form: learning what kind of doctor I am turning into.",
        "Hearing that other residents feel the same frustration with some patients that I do.",
        "To look at feelings we usually push away in clinic, like irritation or feeling helpless.",
        "Discussing hard cases as a group, with the leaders keeping it safe to say what we think.",
        "Reflection. We get almost no time for it anywhere else in residency.",
        "It is about the doctor-patient relationship and how that relationship changes the care we give.",
        "To support each other. Some weeks it is the only hour when nobody needs anything from me.",
        "A way to talk about a patient without having to fix anything.",
    ],
    [
        (
            "Partly. I value the discussions, but I also want concrete strategies for patients like "
            "Mr Alvarez who keep asking for more opioids than I think is safe.",
            "Partly. I value the discussions, but I also want concrete strategies for patients who keep "
            "asking for more opioids than I think is safe.",
        ),
        "It serves my growth as a physician more than my learning. I leave thinking, not knowing what to do "
        "differently on Monday.",
        "Mostly yes. I wish we talked more about our own well-being and burnout, because that is what I "
        "actually struggle with.",
        "Not yet. When a case is presented and we are told not to problem solve, I end up frustrated.",
        "Yes, especially after a hard call week. It reminds me why I chose family medicine.",
        "Somewhat. Second year brought new responsibilities, supervising interns and more continuity "
        "patients, and I would like help with that.",
        "It does when the case is real and recent. Less so when we run out of time.",
        "It meets needs I did not know I had. I am more patient with my difficult patients.",
        "Half and half. Some sessions are great, some feel like we are going round in circles.",
        "I need more practical skills for patients who are angry or who never follow any plan.",
        "It helps, although I mostly listen.",
    ],
    [
        "Let us choose whether a session is a case or a topic. Some weeks I need a topic more than a case.",
        "Leave a few minutes at the end for what we could actually try next time with the patient.",
        "A session on controlled-substance agreements and how to bring them up without wrecking the "
        "relationship.",
        "Alternate: a case discussion one week, a teaching topic the next.",
        "Keep the case format but allow some strategizing at the end.",
        "Spend one session a month on how we are doing ourselves.",
        "Talk about giving feedback to interns and taking it from attendings.",
        "I like it as it is, but a vote on the focus would bring more people.",
        "More about difficult interactions with staff, not only with patients.",
        "Topics chosen by residents, with the leaders helping us stay reflective.",
        "Shorter presentations and a longer discussion.",
    ],
    [
        (
            "Being turned away when I am late is the biggest obstacle. The Tuesday morning clinic at "
            "Riverside East runs over almost every week and then I miss the whole session.",
            "Being turned away when I am late is the biggest obstacle. My morning clinic runs over almost "
            "every week and then I miss the whole session.",
        ),
        "The rule against problem solving makes me feel we stop just before the useful part.",
        "The confidentiality rule helps me say things I would never say anywhere else.",
        "Clinics running late. Could latecomers at least come in and listen?",
        "Having two leaders helps: one notices the feelings, the other the medicine.",
        "The fixed structure feels strict. I understand why, but it puts some people off coming.",
        "Lunchtime is hard. Our clinic schedule leaves no buffer at all.",
        "The presenter sitting back while we talk was uncomfortable at first, but it works.",
        "The timing is the problem: three times a month is a lot during an ICU rotation.",
        "I like that attendance is encouraged and not forced.",
        "When someone is turned away at the door it changes the mood for everyone in the room.",
    ],
    [
        "Thank you for doing this. It matters more than we say.",
        "Please keep the group separate from our evaluations. I would not talk the same way if it counted.",
        "Nothing else.",
        "Could we have a session about patients who remind us of our own families?",
        "I would come more often if I knew in advance whether it was a case week or a topic week.",
        (
            "Some of us would like to hear how Dr Adeyemi and Dr Ellison handle their own difficult "
            "patients!!",
            "Some of us would like to hear how the leaders handle their own difficult patients.",
        ),
        "It would help to talk about endings, when patients leave the practice or die.",
        "Please do not drop the group when schedules get busy; that is when we need it most.",
        "More time for second-years to present, with first-years listening in.",
        "No.",
        "The lunch helps attendance. Seriously.",
    ],
]

END_OPEN = [
    [
        "Come even when you think you have no case. Someone else's patient will teach you about your own.",
        "It feels slow at first. Give it a few months before you decide.",
        "Bring the patient you keep thinking about on the drive home.",
        "You can say you were angry at a patient and nobody will think less of you.",
        "It is the one place where how you feel about a patient counts as part of the work.",
        "Pick the focus when there is a vote; the sessions you choose are the best ones.",
        "Be late rather than absent. You can still sit and listen.",
        "Listen more than you talk in the first few sessions.",
    ],
    [
        "Nothing big. Keep the choice between a case and a topic.",
        "Start the year with a session on what the group is for, so new residents are not confused.",
        "Protect the time from clinic overruns; talk to the clinic managers, not only to us.",
        "Some topics came up only at the very end, like attraction and boundaries. It would help to say "
        "early on that those belong in the group too.",
        "More sessions on well-being in the months with night shifts.",
        "Keep allowing some problem solving after the Balint discussion. It made the difference for me.",
        "Invite graduates back once a year to talk about how they use this in practice.",
        "Shorter check-in at the start.",
    ],
]


def extend(world: DemoWorld) -> None:
    """Add the instruments, a transcribed needs assessment, end-of-program feedback and an open pulse."""
    program, group, rng = world.program, world.group, world.rng
    zone = program.zone
    residents = world.residents_by_group[group.pk]
    needs = services.instrument_create_ready_made(program=program, kind=Instrument.Kind.NEEDS_ASSESSMENT)
    end = services.instrument_create_ready_made(program=program, kind=Instrument.Kind.END_OF_PROGRAM)
    pulse = services.instrument_create_ready_made(program=program, kind=Instrument.Kind.PULSE)

    def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)

    def open_survey(instrument, title, opens, closes, min_answers=5):
        return services.survey_open(
            group=group,
            instrument=instrument,
            title=title,
            opens_at=at(opens),
            closes_at=at(closes, 23),
            min_answers=min_answers,
            opened_by=world.leaders[0],
            notify=False,
        )

    def invitation(survey, person) -> Invitation:
        return Invitation.objects.get(survey=survey, person=person)

    # The needs assessment ran in the weeks before the flexible format began.
    survey = open_survey(
        needs, "Needs assessment, winter 2025", datetime.date(2025, 2, 17), datetime.date(2025, 3, 9)
    )
    answering = rng.sample(residents, 10)
    picks = [rng.sample(range(len(pool)), len(answering)) for pool in NEEDS]
    questions = list(needs.questions.all())
    transcripts: dict[str, str] = {}
    for index, person in enumerate(answering):
        values = []
        for question, pool, pick in zip(questions, NEEDS, picks, strict=True):
            entry = pool[pick[index]]
            raw, clean = entry if isinstance(entry, tuple) else (entry, entry)
            transcripts[raw] = clean
            values.append(AnswerValue(question=question, text=raw))
        services.response_import(invitation=invitation(survey, person), values=values)
    _transcribe(world, survey, transcripts)

    # End-of-program feedback from the graduating class, two weeks before the history ends.
    survey = open_survey(
        end, "End-of-program feedback, class of 2026", datetime.date(2026, 5, 25), datetime.date(2026, 6, 14)
    )
    questions = list(end.questions.all())
    answering = rng.sample(residents, 8)
    opens = [rng.sample(pool, len(answering)) for pool in END_OPEN]
    for index, person in enumerate(answering):
        values, open_index = [], 0
        for question in questions:
            if question.kind == Question.Kind.LIKERT:
                values.append(
                    AnswerValue(question=question, scale=rng.choices([2, 3, 4, 5], [1, 2, 5, 4])[0])
                )
            elif question.kind == Question.Kind.SINGLE:
                values.append(
                    AnswerValue(question=question, options=(rng.choices(range(5), [4, 3, 2, 1, 0])[0],))
                )
            elif question.kind == Question.Kind.MULTIPLE:
                chosen = sorted(rng.sample(range(len(question.choices)), rng.randint(1, 3)))
                values.append(AnswerValue(question=question, options=tuple(chosen)))
            else:
                values.append(AnswerValue(question=question, text=opens[open_index][index]))
                open_index += 1
        services.response_import(invitation=invitation(survey, person), values=values)
    _transcribe(world, survey, {})

    # A pulse that is open now: three answers so far, so its results are still hidden; the demo
    # `resident` has not answered and finds it on the home page; the transcriber has work waiting.
    survey = open_survey(
        pulse,
        "After-session pulse",
        world.today - datetime.timedelta(days=2),
        world.today + datetime.timedelta(days=12),
    )
    pulse_texts = [
        "I will try asking the patient what she expects from me before I start explaining.",
        "Good session. I would change the start: we took a long time to settle.",
        "Hearing that others dread the same kind of visit helped more than any advice.",
    ]
    for person, text in zip(rng.sample(residents[1:], 3), pulse_texts, strict=True):
        questions = list(pulse.questions.all())
        services.response_import(
            invitation=invitation(survey, person),
            values=[
                AnswerValue(question=questions[0], scale=rng.randint(5, 7)),
                AnswerValue(question=questions[1], scale=rng.randint(3, 5)),
                AnswerValue(question=questions[2], text=text),
            ],
        )


def _transcribe(world: DemoWorld, survey, cleaned: dict[str, str]) -> None:
    """Approved transcripts of every open answer; `cleaned` maps a raw answer to its de-identified form."""
    answers = Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.OPEN)
    Transcript.objects.bulk_create(
        [
            Transcript(
                answer=answer,
                text=cleaned.get(answer.text, answer.text),
                approved=True,
                transcriber=world.transcriber,
            )
            for answer in answers.order_by("id")
        ]
    )
