"""Original, fictional text from which the demo's cases, topics and session notes are composed.

Nothing here describes a real person or patient. Cases are one-line, de-identified sketches: no names,
no dates, no places, no digits. The pools follow how content evolved in the practice the product is
built from: early frustration with the strict structure and a wish for strategies; then practical
topics and growing trust; by the end of the third year the residents' own feelings, including
difficult ones such as sexual attraction.
"""

from balint.site.demo.schedule import EARLY, LATE, MIDDLE

Case = tuple[str, str]

CASES: dict[str, list[Case]] = {
    EARLY: [
        (
            "A man in his sixties who asks for an early refill of pain medication at every visit",
            "The resident inherited the patient from a graduating resident. Each visit ends with a request "
            "for an early refill, and the resident leaves the room feeling cornered and unsure what to say.",
        ),
        (
            "A young mother who brings a long list to every fifteen-minute visit",
            "The patient arrives with many concerns written out and becomes tearful when told there is not "
            "time for all of them. The resident runs behind for the rest of the afternoon.",
        ),
        (
            "A retired tradesman who refuses to see any specialist",
            "Worrying symptoms have persisted for months. The patient jokes his way through every "
            "conversation about referral and the resident feels both fond of him and helpless.",
        ),
        (
            "A teenager brought in by a parent who answers every question for her",
            "The resident could not get the young patient to speak and felt the parent watching every move. "
            "The visit ended without the concern ever being named.",
        ),
        (
            "A woman with chronic pain who says no doctor has ever believed her",
            "The patient opened the visit by listing previous physicians who had failed her. The resident "
            "felt tested from the first minute and found herself over-promising.",
        ),
        (
            "A man who became angry when told his test results were normal",
            "The patient had expected an explanation for his fatigue and heard the normal results as a "
            "dismissal. He raised his voice and the resident felt shaken for the rest of the day.",
        ),
        (
            "An older woman who calls the clinic several times a week",
            "Nursing staff forward each message to the resident. The calls are rarely urgent, and the "
            "resident has started to dread seeing the patient's name in the inbox.",
        ),
        (
            "A patient with diabetes who says the plan is working while the numbers worsen",
            "The patient is cheerful and agreeable at each visit yet nothing changes. The resident feels "
            "lied to and then guilty for feeling that way.",
        ),
        (
            "A man who brings his own printed research and disputes every recommendation",
            "The visit became a debate about studies the patient had found. The resident felt his competence "
            "was on trial and left wanting a better answer ready for next time.",
        ),
        (
            "A woman who asks the resident to fill out disability forms at the first visit",
            "The resident did not yet know the patient and felt pressed to sign something she could not "
            "vouch for. The patient left disappointed and the resident left uneasy.",
        ),
        (
            "A frail patient whose adult children disagree about everything",
            "Each family member called separately with different requests. The resident felt pulled "
            "between them and unsure who the patient really was in all of it.",
        ),
    ],
    MIDDLE: [
        (
            "A patient on long-term opioids who missed a pill count",
            "The clinic's agreement calls for a pill count, and the patient did not come. The resident "
            "wanted to know what to do next and also noticed how angry he felt.",
        ),
        (
            "A woman who declines every vaccine and every screening test",
            "The patient is polite and firm. The resident found herself repeating the same advice more "
            "loudly and wondered whose need the repetition served.",
        ),
        (
            "A man recently out of prison who needs a new primary care doctor",
            "The resident noticed his own wariness before the patient said anything. The visit went well, "
            "and the resident wanted to talk about the wariness rather than the medicine.",
        ),
        (
            "A patient who asks the resident personal questions during every visit",
            "Questions about the resident's family and weekend have become routine. The resident likes the "
            "patient and is unsure where friendliness ends and a boundary begins.",
        ),
        (
            "A young man with panic attacks who goes to the emergency department most weeks",
            "The resident feels responsible for each visit he makes there. A plan made together keeps "
            "falling apart and the resident's patience is thinning.",
        ),
        (
            "A grandmother raising three grandchildren who never mentions her own health",
            "Every visit turns to the children. The resident admired the patient and felt uneasy leaving "
            "her blood pressure unaddressed yet again.",
        ),
        (
            "A patient who was rude to the front-desk staff before the visit",
            "The staff asked the resident to say something. The patient was pleasant in the room, and "
            "the resident felt caught between loyalty to the team and the relationship with the patient.",
        ),
        (
            "A man who wants a note excusing him from work that the resident does not think is justified",
            "The patient was persistent and the resident gave in. Afterwards she felt she had been "
            "manipulated and was annoyed with herself.",
        ),
        (
            "A woman whose pregnancy loss the resident learned about only after the fact",
            "The patient had not returned calls. When she finally came in she was flat and brief, and "
            "the resident did not know whether to raise the loss or wait.",
        ),
        (
            "A patient with a new cancer diagnosis who wants the resident to make every decision",
            "The patient says he trusts the resident completely. The resident felt honoured and also "
            "frightened by how much was being handed over.",
        ),
        (
            "A patient who speaks little English and always comes with a different interpreter",
            "Every visit begins again from the start. The resident feels she never reaches the person "
            "and wonders what the patient makes of her.",
        ),
        (
            "A colleague's relative who asked the resident to be their doctor",
            "The resident agreed out of politeness. Now each visit feels watched, and ordinary decisions "
            "feel heavier than they should.",
        ),
        (
            "A man with heart failure who keeps eating and drinking what he was told to avoid",
            "He laughs it off and says life is short. The resident feels both frustration and a reluctant "
            "respect and cannot tell which one is driving the visits.",
        ),
        (
            "A patient the resident saw in the hospital and then in clinic the same week",
            "The patient was grateful in the hospital and distant in clinic. The resident wondered what "
            "had changed and whether it was something she had done.",
        ),
        (
            "A woman who cries at every visit and says she does not want any treatment",
            "The resident feels she should fix something and there is nothing the patient will accept. "
            "Visits run long and leave her drained.",
        ),
        (
            "A patient with a long chart of difficult encounters who was gentle and friendly",
            "Everyone had warned the resident. The visit was easy, and the resident was left wondering "
            "about the warnings and about what the chart does to a first meeting.",
        ),
        (
            "A young adult who stopped his medication after reading about side effects",
            "The resident had spent a long visit explaining the choice. Hearing he had stopped felt like "
            "a personal rejection, and the resident was surprised by how much it stung.",
        ),
        (
            "A man who calls the resident by her first name and the attending by his title",
            "It happens at every visit. The resident laughed it off in the room but kept thinking about "
            "it and about whether to say something.",
        ),
        (
            "A patient whose partner always answers for him",
            "The resident suspected something was being left unsaid and did not know how to make room "
            "for the patient alone without causing trouble at home.",
        ),
        (
            "A woman who asks for antibiotics for every cold",
            "The resident declined and explained. The patient left a poor review of the clinic, and the "
            "resident found that harder to shake than she expected.",
        ),
        (
            "An older man who says he is ready to die and wants no more tests",
            "His family wants everything done. The resident agreed with the patient and felt alone in "
            "the room with that agreement.",
        ),
        (
            "A patient who arrives late to nearly every appointment and expects to be seen",
            "Staff want the resident to reschedule him. The resident sees how hard it is for him to get "
            "there and feels torn about the clinic's rule.",
        ),
        (
            "A nurse on the resident's own team who asked for a quick prescription in the hallway",
            "The resident said yes before thinking. Afterwards the request felt like a test of loyalty "
            "and of boundaries at the same time.",
        ),
    ],
    LATE: [
        (
            "A patient the resident found herself thinking about outside work",
            "The resident noticed she looked forward to this patient's visits more than others and felt "
            "embarrassed to bring it up. She wanted help understanding the feeling before it shaped "
            "her care.",
        ),
        (
            "A patient who made a flirtatious remark at the end of a visit",
            "The resident laughed, said nothing and left the room flustered. He wondered whether his "
            "silence had been taken as encouragement and how to keep the next visit safe.",
        ),
        (
            "A patient whose death the resident learned about from the chart",
            "No one had called. The resident had cared for the patient for two years and found out by "
            "opening the record, and she had not spoken about it with anyone.",
        ),
        (
            "A long-term patient the resident must hand over at graduation",
            "The patient asked who would look after him next and seemed hurt. The resident realised "
            "how much the relationship had meant to her too.",
        ),
        (
            "A patient who reminds the resident of her own parent",
            "The resident noticed she was gentler and more lenient than usual. She worried that she "
            "was missing something because she could not see the patient clearly.",
        ),
        (
            "A delayed diagnosis the resident believes was her own mistake",
            "The patient has not complained and still thanks her. The resident carries the guilt into "
            "every visit and has not said anything to the patient.",
        ),
        (
            "A patient the resident could not bring himself to like",
            "Nothing the patient did was wrong. The resident felt cold in the room, was ashamed of it, "
            "and wanted to understand where the coldness came from.",
        ),
        (
            "A patient who thanked the resident with a gift that felt too personal",
            "The resident did not know whether to accept it. The gift made her wonder what the patient "
            "imagined their relationship to be.",
        ),
        (
            "A patient whose story touched a loss in the resident's own family",
            "The resident had to step out of the room to collect himself. He was surprised by the force "
            "of it and unsure whether to tell anyone.",
        ),
        (
            "A patient who said the resident was the only doctor who ever listened",
            "The compliment felt good and then heavy. The resident worried about what would happen to "
            "the patient after graduation.",
        ),
        (
            "A physical examination that felt uncomfortable for both patient and resident",
            "Nothing improper happened, but the resident felt an attraction he had not expected and "
            "rushed the examination. He wanted to think aloud about what he owes the patient and himself.",
        ),
        (
            "A patient who asked whether the resident would be her doctor after residency",
            "The resident wanted to say yes and knew she could not. She found herself avoiding the "
            "question and felt she had let the patient down.",
        ),
        (
            "A patient with a terminal illness who asked the resident to be honest about time",
            "The resident answered vaguely and regretted it. She wanted to talk about what made the "
            "honest answer so hard to give.",
        ),
        (
            "A patient whose anger at the system landed on the resident on her last clinic day",
            "The resident had wanted to end well with the patient. Instead the visit ended in a "
            "complaint, and she did not know how to leave it behind.",
        ),
    ],
}

TOPICS: list[tuple[str, list[str]]] = [
    (
        "Narcotic contracts: setting them up and keeping them",
        [
            "Residents compared how the clinic's controlled-substance agreement is introduced in practice.",
            "Several wanted words for the first conversation that sound neither accusatory nor apologetic.",
            "The leaders invited residents to notice what they feel when a request for early refills comes.",
            "The group drafted a few phrases for explaining pill counts and urine testing as routine care.",
            "Someone pointed out that the agreement protects the relationship as well as the patient.",
            "Residents disagreed about when a broken agreement should end prescribing and when it should "
            "start a new conversation.",
            "The discussion ended with a shared wish for the attendings to model these conversations.",
        ],
    ),
    (
        "Giving feedback to clinic staff",
        [
            "Residents described how awkward it feels to correct a medical assistant with years more "
            "experience than they have.",
            "The group practised saying one specific observation and one request, without a lecture.",
            "Some admitted they avoid giving feedback and then complain about the same thing later.",
            "A resident described feedback that went well because it was given privately and promptly.",
            "The leaders asked what residents imagine staff feel when a new doctor corrects them.",
            "Residents noted that thanking staff out loud makes the harder conversations easier later.",
        ],
    ),
    (
        "Physician well-being and the weight of the inbox",
        [
            "The group talked about the messages that pile up after clinic and follow them home.",
            "Residents traded small habits: a set time for the inbox, a walk before charting.",
            "Several admitted they rarely take the lunch hour the schedule promises.",
            "The leaders asked what residents do with the feelings that a hard day leaves behind.",
            "One resident said the group itself had become one of the few protected hours of the week.",
            "Residents questioned whether well-being advice shifts responsibility away from the program.",
        ],
    ),
    (
        "New PGY-2 duties: supervising interns",
        [
            "Second-year residents described their first weeks supervising interns on the inpatient service.",
            "Several felt like impostors giving advice they had only just learnt themselves.",
            "The third-year residents shared how they had handled an intern who would not ask for help.",
            "The group discussed how to give an intern room to decide while staying responsible.",
            "Residents talked about the tiredness of being the person everyone calls at night.",
            "A few phrases for teaching at the bedside without taking over were collected.",
        ],
    ),
    (
        "Difficult conversations with families",
        [
            "Residents described family meetings where they felt outnumbered and unprepared.",
            "The group discussed how to name disagreement in a family without taking a side.",
            "Someone asked how to stay with a family's anger without defending the team.",
            "Residents noticed how often they try to fix a family's grief with information.",
            "The leaders suggested paying attention to who in the family is not speaking.",
            "A resident said she leaves these meetings feeling she has been on trial.",
        ],
    ),
    (
        "Patients who frequently miss appointments",
        [
            "Residents shared the clinic's rules about missed visits and how they feel enforcing them.",
            "The group talked about transport, work schedules and childcare behind many missed visits.",
            "Several admitted feeling relieved when a difficult patient does not come.",
            "The leaders asked what a missed visit communicates that words have not.",
            "Residents suggested ways to open the next visit without shaming the patient.",
            "The tension between access for everyone and loyalty to one patient stayed unresolved.",
        ],
    ),
    (
        "Setting limits with demanding patients",
        [
            "Residents compared ways of ending a visit that keeps growing.",
            "The group practised agreeing on the one or two concerns for today at the start.",
            "Someone noted that limits held kindly seem to reassure some patients.",
            "Residents discussed how guilt makes it harder to hold a limit they believe in.",
            "The leaders asked residents to notice what happens in them when a patient pushes.",
            "A resident described a limit that finally worked because the whole team held it.",
        ],
    ),
    (
        "Working with the supervising attending",
        [
            "Residents talked about presenting to attendings with very different styles.",
            "The group discussed disagreeing with an attending's plan respectfully.",
            "Several described feeling small when corrected in front of a patient.",
            "Residents noted what attendings do that makes it easier to ask for help.",
            "The leaders wondered aloud how these relationships mirror those with patients.",
            "A third-year resident said the relationship changes once you start supervising others.",
        ],
    ),
    (
        "Mistakes, near misses and how we carry them",
        [
            "Residents spoke about near misses that nobody else noticed but they still remember.",
            "The group talked about the difference between responsibility and blame.",
            "Several residents had never told anyone about an error that still bothers them.",
            "The leaders asked what helped when a mistake was met with support.",
            "Residents discussed when and how to tell a patient that something went wrong.",
            "Someone said saying it aloud in the group made it feel survivable.",
        ],
    ),
    (
        "Leaving residency: endings with patients",
        [
            "Third-year residents talked about telling long-term patients they are leaving.",
            "Several noticed they had been avoiding the conversation with the patients they liked most.",
            "The group discussed what patients might need to hear at a last visit.",
            "Residents described mixed feelings of relief, pride and loss.",
            "The leaders invited residents to notice how they are ending with the group itself.",
            "Second-year residents asked how to welcome patients who lose their doctor at graduation.",
        ],
    ),
    (
        "Boundaries, touch and attraction in the consulting room",
        [
            "The leaders opened by saying that feelings of attraction are part of medicine and can be "
            "talked about safely.",
            "Residents talked about chaperones and when they are offered in practice.",
            "Someone admitted to feeling attracted to a patient and being frightened of the feeling.",
            "The group distinguished between having a feeling and acting on it.",
            "Residents discussed how to notice when a feeling begins to shape clinical decisions.",
            "Several said they had never heard this discussed anywhere in training.",
        ],
    ),
]

# Used once each, early in the flexible period: the topics the residents asked for in the needs assessment.
FIRST_TOPICS = [
    "Narcotic contracts: setting them up and keeping them",
    "Giving feedback to clinic staff",
    "Physician well-being and the weight of the inbox",
]
SUPERVISION_TOPIC = "New PGY-2 duties: supervising interns"
LATE_ONLY_TOPICS = {
    "Boundaries, touch and attraction in the consulting room",
    "Leaving residency: endings with patients",
}

CASE_OPENERS = [
    "A resident presented {case}.",
    "The case presented was {case}.",
    "The presenter brought {case}.",
    "The group heard about {case}.",
    "Case: {case}.",
]

TOPIC_OPENERS = [
    "Residents chose a professional-development topic: {topic}.",
    "Topic chosen by the residents: {topic}.",
    "The session took up a topic the residents had asked for: {topic}.",
    "Focus for the session was a topic rather than a case: {topic}.",
]

PROBLEM_SOLVING = [
    "After the Balint discussion the group spent the last part of the hour on concrete next steps.",
    "The presenter left with two or three phrases to try at the next visit, chosen by the group.",
    "Residents suggested a short agenda-setting opening for the next visit.",
    "The group sketched a plan with the nurse and front desk so the patient hears one message.",
    "Someone proposed involving the clinic's social worker, and the presenter liked the idea.",
    "Strategizing was welcome today; the leaders kept it to the final part of the session.",
    "The group helped the presenter rehearse how to open the conversation about the agreement.",
    "Residents listed what could be controlled and what could not, which seemed to calm the presenter.",
    "Practical suggestions came quickly once allowed; the presenter chose which to keep.",
    "The presenter decided to schedule a longer visit rather than keep squeezing the issue in.",
    "A suggestion to ask the patient directly what they hoped for from the visit was taken up.",
    "The group offered a way to name the limit kindly and then return to the relationship.",
]

CONTENT: dict[str, list[str]] = {
    EARLY: [
        "Much of the discussion circled around what the presenter should have said, and the leaders "
        "redirected toward the relationship.",
        "Residents asked several times for a strategy; the leaders held the Balint format and returned "
        "to feelings.",
        "The group wondered what the patient might be hoping for that was not being asked.",
        "Someone suggested the patient might feel as trapped in the visit as the doctor did.",
        "Residents spoke about the time pressure of clinic and how it colours every encounter.",
        "The presenter described a feeling of being tested from the first minute.",
        "The group imagined the patient's life between visits, which softened the tone.",
        "Several residents recognised the pattern from their own clinics.",
        "There was frustration that the format discourages solving the problem in front of them.",
        "The discussion touched on the fear of being the doctor who is fooled.",
        "Residents noticed the wish to be liked by the patient and the wish to be right.",
        "Some wondered whether the patient feels dismissed by the system before they even arrive.",
        "The group talked about the inherited patient and the expectations left by the previous doctor.",
        "Anger toward the patient was voiced tentatively and then more openly.",
        "Residents discussed how the clinic's rules leave the resident to be the one who says no.",
        "The group explored the presenter's sense of responsibility for outcomes outside their control.",
        "Several comments returned to what the attending would think of the resident's choices.",
        "A resident wondered aloud whether the patient was lonely.",
        "The group considered how the patient might describe the same visit to a friend.",
        "The conversation returned more than once to the wish for a checklist.",
        "Residents talked about guilt at feeling relief when the visit ended.",
        "Someone named the helplessness of seeing a patient make choices that harm them.",
        "The group discussed whose agenda fills the visit and how that gets decided.",
        "The presenter was asked what they would most like to say and had not.",
        "Residents explored the difference between being kind and being agreeable.",
        "Talk turned to the patient's family and how they shape what happens in the room.",
        "The group noticed how quickly the case became a debate about right and wrong answers.",
        "Residents wondered whether the patient senses the resident's hurry.",
        "A theme of control emerged: who has it in the visit and who wants it.",
        "The group considered how being a trainee changes the way patients treat the resident.",
        "The discussion explored the presenter's irritation and where it might come from.",
        "Residents spoke about the wish to refer the patient elsewhere and be done.",
        "The group talked about trust being earned slowly on both sides.",
        "Someone suggested the patient's demands might be a way of asking to be taken seriously.",
        "The discussion touched on shame, the patient's and perhaps the doctor's.",
        "Residents considered what the patient may have lost before this story began.",
        "A few residents said they still did not see the point of talking about feelings instead of plans.",
        "The group reflected on how the first visit set the tone for all that followed.",
        "Residents compared how they feel before and after a visit with a patient like this.",
        "The leaders asked what it would be like to be this patient's doctor for many years.",
        "The group wondered what the patient needs from this particular doctor.",
        "Residents noted that the patient's story kept being interrupted, in the room and in the group.",
        "The case raised the question of what counts as a good enough visit.",
    ],
    MIDDLE: [
        "The discussion moved between the relationship and what the presenter might try next.",
        "Residents talked about trust: how it is built with patients and with each other in the group.",
        "The group explored the presenter's sense of responsibility and where it ends.",
        "Several residents described similar patients and the feelings they leave behind.",
        "The group noticed a shift from what the patient did to what the resident felt.",
        "Residents spoke about wanting to be a good doctor and what that means on a hard day.",
        "Someone named how tiring it is to hold a boundary visit after visit.",
        "The discussion touched on the resident's fear of complaints and reviews.",
        "The group talked about loyalty to the team and loyalty to the patient.",
        "Residents explored what it means to respect a choice they disagree with.",
        "A theme of being used, and of worrying about being used, ran through the discussion.",
        "The presenter's guilt became a focus, and the group was gentle with it.",
        "Residents considered how their own background shapes their first impressions.",
        "Talk turned to the wish to rescue patients and what that wish costs.",
        "The group explored how the patient may experience the resident's firmness.",
        "Residents spoke about admiration for the patient alongside the frustration.",
        "The discussion returned to the limits of what a doctor can do for someone.",
        "The group considered the patient's experience of a clinic full of changing doctors.",
        "Someone wondered whether the patient is testing whether this doctor will stay.",
        "Residents reflected on how a warning in the chart shapes a first meeting.",
        "The group discussed the difference between a rule and a relationship.",
        "The presenter was surprised by how personal the rejection felt.",
        "The discussion explored how to stay curious when a patient is hostile.",
        "Residents talked about their own need for approval from patients.",
        "The group looked at how the presenter's frustration might mirror the patient's.",
        "A resident noted that the group felt safer for saying unkind thoughts out loud.",
        "The group discussed when to share something of oneself with a patient.",
        "The conversation touched on the resident's sense of being alone with decisions.",
        "Residents talked about the family members who are not in the room but are present.",
        "The group considered what the patient may be afraid of that they have not said.",
        "Residents explored how supervision of interns has changed how they see their own patients.",
        "The discussion touched on the tension between efficiency and presence.",
        "Residents spoke about the patients they avoid and why.",
        "The group wondered whether the patient feels heard and how they would know.",
        "The presenter described a moment of real connection that surprised them.",
        "The discussion explored anger and what it protects.",
        "Residents reflected on how it feels to be trusted more than they trust themselves.",
        "The group discussed what the presenter owes the patient and what they owe themselves.",
        "Residents talked about how the format change made it easier to bring a half-formed worry.",
        "The theme of responsibility came up again, now as something shared with the team.",
        "The group noticed how often the patient's dignity was at stake in the story.",
        "Someone connected the case to an earlier one, and the group saw a pattern across patients.",
        "The discussion stayed longer than usual with the presenter's own feelings.",
    ],
    LATE: [
        "The discussion focused on the resident's own emotional experience more than on the "
        "patient's behaviour.",
        "Residents spoke openly about feelings that are rarely named in medicine.",
        "The group talked about attraction as a feeling to notice rather than a failing to hide.",
        "The presenter described embarrassment, and the group responded without judgement.",
        "Residents explored how to keep a patient safe when the doctor's own feelings are stirred.",
        "The discussion turned to endings: graduation, handovers and patients who will be left behind.",
        "Residents talked about grief for patients who died during residency.",
        "The group considered what the resident carries home after a visit like this.",
        "Several residents said they could not have brought this case in the first year of the group.",
        "The discussion touched on shame and how it keeps doctors silent.",
        "Residents reflected on the patients who shaped the kind of doctor they have become.",
        "The group explored how the resident's own family history echoed in the case.",
        "Talk returned to trust: the trust in the group that made the discussion possible.",
        "Residents explored the difference between closeness and over-involvement.",
        "The group discussed how to keep a boundary without becoming cold.",
        "The presenter wondered whether the patient had noticed anything; the group stayed with the worry.",
        "Residents talked about mistakes and the patients who forgave them.",
        "The discussion considered how to say goodbye honestly.",
        "The group talked about what the resident needs from colleagues after a hard visit.",
        "Residents spoke about dislike of a patient and the guilt that follows.",
        "The group reflected on how the presenter's confidence has grown over residency.",
        "The discussion explored gratitude from patients and why it can feel heavy.",
        "Residents talked about the loneliness of carrying something they cannot tell the patient.",
        "The group considered the patient's experience of losing a trusted doctor.",
        "Residents noticed their own tenderness toward the patient and let it be part of the discussion.",
        "The discussion returned to the question of what a doctor owes a patient at the end.",
        "Residents described the pull to be the patient's only good doctor.",
        "The group considered when a feeling toward a patient should be taken to supervision.",
        "Residents talked about the relief of hearing that others had felt the same way.",
        "The theme of responsibility returned, now mixed with pride.",
        "The group explored the fear of being found out as not good enough, even near graduation.",
        "Residents talked about bringing what they learnt here into their future practice.",
        "The discussion touched on the body in the consulting room, the patient's and the doctor's.",
        "The group wondered aloud what the patient might need to hear at the last visit.",
        "Residents compared how endings with patients mirror endings with the group.",
        "The group explored how a patient's loss can open an old loss in the doctor.",
        "The presenter named a feeling they had not expected to say aloud, and the group stayed with it.",
        "Residents considered how honesty and kindness can be held together in a hard conversation.",
        "The group talked about the difference between protecting a patient and protecting oneself.",
        "Residents reflected on how the group had changed since the strict format of the early months.",
        "The discussion stayed with the presenter's uncertainty rather than resolving it.",
        "Residents spoke about the kind of doctor they want to be with the next patient like this.",
    ],
}

# Generic threads used in topic sessions, one per note, so topic notes also carry the phase's mood.
TOPIC_THREADS: dict[str, list[str]] = {
    EARLY: [
        "The wish for concrete strategies was strong throughout.",
        "Residents said they wanted more of this kind of practical session.",
    ],
    MIDDLE: [
        "The session showed how much the residents wanted practical skills alongside reflection.",
        "Residents linked the topic to patients they are seeing now.",
        "The leaders brought the discussion back to what residents feel in these moments.",
        "Trust in the group made it easier for residents to admit what they find hard.",
        "Residents asked to return to the topic later in the year.",
        "The discussion moved from tips to the feelings behind them.",
    ],
    LATE: [
        "Residents talked about the topic with more candour than earlier in the year.",
        "Third-year residents spoke as people who will soon be on their own.",
        "The discussion kept returning to the resident's own experience.",
        "Residents reflected on how their view of the topic had changed over residency.",
        "The group held a hard subject without rushing to close it.",
        "The second-year residents listened closely to the third-year residents' experience.",
    ],
}

PROCESS: dict[str, list[str]] = {
    EARLY: [
        "The session began on time with the door closed, as the format requires.",
        "Leaders repeatedly steered the group away from advice giving.",
        "The group was quiet at first; the leaders waited.",
        "Residents seemed restless when asked to stay with feelings rather than solutions.",
        "Several residents checked their phones during the first part of the session.",
        "The presenter answered questions readily but said little about their own reactions.",
        "A resident openly questioned the purpose of the group.",
        "Energy rose when the discussion touched on clinic pressures.",
        "Participation was uneven: a few voices carried most of the discussion.",
        "Leaders modelled wondering aloud about the patient's experience.",
        "The sit-back phase was hard for the presenter, who interrupted twice.",
        "There was some laughter that eased the tension late in the session.",
        "Residents seemed tired; several had come straight from a busy morning.",
        "Leaders noticed frustration in the room and named it gently.",
        "The group struggled to find a case; the leaders waited and one emerged.",
        "When a resident offered a solution, the leaders asked what the solution was protecting.",
        "The group ended with the presenter reflecting briefly on what they had heard.",
        "Residents were polite but guarded, as if evaluated.",
        "The discussion warmed in the second half.",
        "A resident who rarely speaks offered a thoughtful comment.",
        "Leaders sensed a wish to be told what to do and held back.",
        "Silence after the presentation felt heavy, then productive.",
        "The group followed the format closely but somewhat mechanically.",
        "Side conversations were brief and the group refocused quickly.",
        "The group seemed relieved when the leaders summarised at the end.",
        "Some residents asked afterwards why latecomers cannot join.",
        "The leaders felt the pull to rescue the presenter and resisted it.",
        "The room felt crowded with the pressures of the afternoon clinic.",
        "Residents deferred to the third-year residents in the room.",
        "Leaders reflected afterwards that the structure felt like a wall to some residents.",
        "Several residents spoke in general terms rather than about this patient.",
        "The presenter appeared more at ease by the end of the hour.",
        "The group's questions were mostly about facts in the first phase.",
        "The leaders' co-leadership felt balanced; each picked up the other's threads.",
        "One resident left early for a page, which disrupted the flow.",
        "A moment of real curiosity about the patient appeared late in the session.",
        "Residents were engaged but sceptical of the value of the method.",
        "The leaders noted irritation when the discussion was redirected from problem solving.",
        "The group kept to time, and the ending felt abrupt to some residents.",
        "The presenter thanked the group and said it had been useful to hear other views.",
        "Leaders agreed to bring the residents' frustrations to their next peer supervision.",
        "The needs-assessment questions were on the leaders' minds during the session.",
    ],
    MIDDLE: [
        "Residents voted on the focus at the start, which took only a minute.",
        "Pagers stayed quiet, and interruptions were rare.",
        "The group settled quickly; the new format seemed to lower the tension.",
        "Residents offered ideas freely once problem solving was allowed at the end.",
        "The leaders kept the Balint phase first, and the group respected it.",
        "Participation was broad; most residents spoke at least once.",
        "The presenter stayed curious through the sit-back phase.",
        "There was warmth in the room and some shared laughter.",
        "Second-year residents spoke more than they had in previous sessions.",
        "Leaders noticed the group supporting the presenter rather than judging.",
        "A resident brought a half-formed worry, and the group made room for it.",
        "Residents challenged each other kindly when the discussion became too quick.",
        "The group stayed with silence longer than in earlier months.",
        "The final go-round was brief but heartfelt.",
        "The choice of focus sparked a brief, good-humoured debate.",
        "The group noticed its own impatience and slowed down.",
        "The leaders stepped back more as residents took the lead in questioning.",
        "The presenter looked visibly relieved by the end.",
        "The third-year residents modelled reflective questions for the newer members.",
        "The group moved between reflection and strategy with less friction than before.",
        "Residents seemed tired but engaged.",
        "A resident thanked the group for an earlier session that had helped with a patient.",
        "The discussion became lively when residents compared clinic experiences.",
        "Leaders noticed how freely feelings were named today.",
        "The group handled a disagreement respectfully.",
        "Residents asked the leaders about their own experiences with similar patients.",
        "The session ran close to time, and the closing was brief.",
        "Some residents were quieter than usual, possibly after a heavy call week.",
        "The presenter appeared reassured to hear similar stories from peers.",
        "The group's trust seemed stronger than in the traditional months.",
        "Leaders reflected that the flexible format had brought more energy into the room.",
        "Residents used the group's language about feelings more naturally.",
        "The leaders divided the facilitation: one watched the process, one the content.",
        "An uncomfortable silence was followed by a candid remark that changed the tone.",
        "The strategy phase was brief because the presenter said they no longer needed it.",
        "Residents spoke about their own reactions without being prompted.",
        "A resident who had been sceptical in the early months contributed thoughtfully.",
        "The group was attentive to confidentiality when someone began to share too many details.",
        "The ending go-round showed several residents had taken something personal from the discussion.",
        "The newest members watched closely and asked a few careful questions.",
        "The leaders felt less need to redirect than in earlier months.",
        "Residents suggested the topic for the next session before leaving.",
    ],
    LATE: [
        "The group was quiet and attentive while the presenter spoke.",
        "Residents spoke about their own feelings with little prompting.",
        "The atmosphere was serious and supportive.",
        "A long silence felt safe rather than awkward.",
        "The leaders mostly listened; residents carried the discussion.",
        "The presenter took a risk in bringing the case, and the group honoured it.",
        "Some residents were moved, and the group made room for that.",
        "There was gentle humour that did not dismiss the difficulty.",
        "The third-year residents spoke with more confidence than in earlier months.",
        "Residents checked in with the presenter before moving on.",
        "The group kept the discussion respectful of the patient throughout.",
        "The leaders named the courage it took to speak about the subject.",
        "Second-year residents asked questions that showed they were learning from the older members.",
        "The discussion was unhurried, and the ending felt complete.",
        "Residents stayed a few minutes past the hour to finish the go-round.",
        "A resident who usually jokes was noticeably serious today.",
        "The group's trust was evident in how openly discomfort was named.",
        "The leaders reflected afterwards that the group now leads itself much of the time.",
        "The presenter thanked the group for not judging.",
        "The group was aware that the third-year residents' time is ending.",
        "There was a shared sense of closeness in the room.",
        "Residents offered support rather than advice, without being asked.",
        "The closing go-round was longer than usual; everyone wanted to speak.",
        "The leaders held the boundary of confidentiality explicitly at the start.",
        "The group moved slowly, and that seemed right for the material.",
        "A resident cried briefly and the group stayed present with her.",
        "The session felt like one of the most important of the year.",
        "Residents named how different the group felt from the early months.",
        "The leaders noticed their own emotional response and discussed it afterwards.",
        "The strategy phase was skipped by choice; the presenter wanted only to be heard.",
        "Participation was full; nobody stayed silent.",
        "The group had trouble ending and the leaders closed gently.",
        "Residents referred back to earlier sessions, showing the group's shared history.",
        "There was a sense of mourning for the group's ending in the room.",
        "The presenter said it was the first time they had spoken about this aloud.",
        "The leaders felt the group could hold difficult material now.",
        "Residents were careful with each other's feelings.",
        "The discussion had a reflective, almost quiet quality throughout.",
        "The group welcomed the newer residents' perspectives on an old problem.",
        "Leaders brought the session to peer supervision because of its intensity.",
        "Residents asked how to keep a group like this going after graduation.",
        "The ending felt warm, with several residents lingering to talk.",
    ],
}

ABSENCE_NOTES = {
    "excluded": "{n} late arrivals were not admitted, as the traditional format requires.",
    "listen_only": "{n} residents arrived late and joined to listen.",
}

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]


def number_word(number: int) -> str:
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else "many"
