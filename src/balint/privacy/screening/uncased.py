"""Detectors that do not rely on capital letters: text typed in lower case, in capitals, or in a hurry.

The capitalised detectors in names.py and patterns.py read "Maria Gonzalez" and "St. Vincent's Hospital";
these read "dr healey", "WIFE HELEN", "q. lander rrt", "CALVERT HOSPITAL", "s/p cabg '95". A word written
in lower case or capitals counts as a name when the Census name tables hold it and it is not an ordinary
English word (common_words.txt), or when a name context (a title, a relative, a signature) comes before
or after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from balint.privacy.screening.names import name_lists
from balint.privacy.screening.patterns import _read_list
from balint.privacy.screening.spans import Span

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ](?:[A-Za-zÀ-ÖØ-öø-ÿ]|['’-](?=[A-Za-zÀ-ÖØ-öø-ÿ])){0,30}")
INITIAL = r"[A-Za-z]\.?"

# Words that follow a title or a relative without being a name ("dr aware", "wife who", "son in").
NOT_A_NAME = frozenset(
    """
    a an the and or but nor so yet of to in on at by for from with without into onto over under up down
    out off
    is was are were be been being has have had do does did will would can could should shall may might must
    he she it they we you i me him her them us his hers its their our your my who whom whose which what that
    this these those there here then than when where why how all any each every some no not none also only
    just still again now today tonight yesterday tomorrow am pm aware notified paged called updated informed
    made ordered order orders office note notes team service services plan here's there's said says wants want
    visited visiting visit came come comes went left arrived at's present presents re see change changes
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec rehab hosp hospital nursing home floor unit
    """.split()  # noqa: SIM905
)

# Clinical words and abbreviations that are also names in the Census tables.
CLINICAL = frozenset(
    """
    foley swan ganz hickman doppler mae perrla lasix pt pts rn md np pa ot slp rt rrt cna lpn bsn msw
    ns nsr sr st sb sat sats bp hr rr ng og ngt ogt ett iv po pr sq sc im gi gu cv ms ax id od os ou
    ed er icu ccu micu sicu csru ctu or pacu ir ep cath lab abg cbc bun cr na cl co hco mg ca phos
    dr drs mr mrs miss mae picc pic iabp cpap bipap peep ps ac simv fio fi vt mv neuro resp card cards
    heme onc renal lungs lung abd skin pain social dispo code full dnr dni cmo hcp proxy
    aline aline a-line alert art post free ward bone brady tachy vesta mi ho lue rue lle rle
    quinton quentin trach vent dopa levo neo dobut heparin coumadin insulin tylenol morphine fentanyl
    ativan haldol versed propofol lopressor digoxin flagyl vanco zosyn levaquin amio amiodarone
    kayexalate dextrose prbc ffp plt plts inr ptt hct hgb wbc glucose bs fs fsbs cvp pap pcwp svr
    mae rrt mdi mdis lpm nc nrb fm tm dsd jp ngt peg ivf kcl kphos ct mri cxr ekg echo tee tte ef
    edema rales rhonchi wheezes crackles stool stools urine oob bedrest mobilized ambulated
    bolus boluses endo vea mech pacer pacers ip rad rads carevue fent los riss fick dec asa sbp dbp map ros
    cipro levo levophed neo neosynephrine nitro ntg ppi pca prn qd bid tid qid qhs hs sl npo ivpb pic
    osh vicu ccu cvicu tsicu fin lll rll rul lul ble bue lle rle ue le dp pt pp cx dx hx sx tx rx fx
    tele ambu ambulance medflight bariair lasix foley kvo tko dsg drsg sputum neb nebs albuterol atrovent
    combivent flovent ventolin serevent nystatin ceclor vasotec captopril norvasc zantac pepcid protonix
    carafate reglan zofran compazine ambien benadryl colace senna dulcolax milk magnesium
    stent stents perl perla sao pao rom hoh tv ss mso psv nsg poss suct chol meds pvc pvcs pac pacs occ
    nard eves reck shiley bair hugger sternal extubation sedation diuresis hypoactive svt pcu afib bb eps
    raf ew junctional surg aline cardic camode tranplant coli aeruginosa diff aureus ml cc hrs
    english spanish kling passe passy passey muir lente sero gluc paco lima peri stong nares ada crea ards
    hoyer genta wein stas allegra ami mins
    """.split()  # noqa: SIM905
)

CREDENTIALS = r"(?:rrt|rn|bsn|lpn|lcsw|msw|cna|np|md|do|pa-c|slp|otr|crnp|rpa-c|phd|psyd)"
TITLES = r"(?:dr|drs|doctor|mr|mrs|ms|miss|mx|prof|professor|nurse|sr|sister|father|rev|rabbi)"
RELATIVES = (
    r"(?:husband|wife|spouse|partner|son|sons|daughter|daughters|dtr|dau|sister|brother|sis|bro|mother|father"
    r"|mom|mum|dad|niece|nephew|cousin|aunt|uncle|grandson|granddaughter|grandmother|grandfather|stepson"
    r"|stepdaughter|step daughter|step son|fiance|fiancee|friend|boyfriend|girlfriend|neighbor|neighbour"
    r"|caseworker|case worker|case manager|social worker|sw|chaplain|interpreter|attending|resident|intern"
    r"|fellow|nurse|house staff|housestaff|hcp|proxy|guardian|caregiver|named|called|calls|nicknamed)"
)
# Staff and the social history before a first name: "NP CAROL", "per rn sue", "social: bill called".
STAFF = r"(?:np|crnp|rn|md|social)"
# Looser contexts: the word after them must be a Census name that is not an English word.
VERBS = (
    r"(?:spoke with|spoke to|talked with|talked to|met with|meeting with|discussed with|paged|notified|per"
    r"|c/w|w/|with|and|by|from|to|called|call|update|updated|aware|visited by|seen by)"
)

FACILITY = (
    r"(?:hospital|hosp|medical center|med center|medical ctr|med ctr|health center|clinic|rehab"
    r"|rehabilitation|nursing home|nursing and rehab|nursing center|memorial|regional|general|infirmary"
    r"|hospice|house|manor|center|ctr|institute)"
)
SAINTLY = r"(?:st\.|st(?=\s)|saint|holy|sacred|mount|mt\.|our lady of)"
SAINT_WORDS = frozenset(["st", "saint", "holy", "sacred", "mount", "mt", "our", "lady"])
TRANSFER = (
    r"(?:transferred|transfered|transfer|trans|tx'?d|tx|admitted|adm|sent|taken|arrived|came|come|went|go|goes"
    r"|going|discharged|d/c'?d|dc'?d|referred|accepted|returned|return|followed|seen|screened|lives|living"
    r"|lived|resides|moved|home|born|raised|brought|presented|presenting|presents|medflighted|medflight|flown"
    r"|transported|vacationing|vacation|visiting|works|working|job|stays|staying|shelter|bed|records)"
    r"(?:\s(?:nearby|now|currently|locally|today|yesterday|last\snight|earlier|originally))?"
)
# Hospital services and rooms: after "sent to" they are not places that identify anyone.
SERVICES = frozenset(
    """
    radiology surgery cardiology dialysis pharmacy medicine oncology neurology neurosurgery urology psychiatry
    orthopedics ortho endoscopy recovery holding pre-op preop post-op postop admitting triage nuclear
    interventional cath catheterization lab floor unit ward room bed home rehab hospice clinic service
    team er ew ed or icu ccu micu sicu csru pacu step-down stepdown telemetry tele nursery morgue chapel
    angio derm neph ent hd renal gi ir echo ct mri xray nuclear
    """.split()  # noqa: SIM905
)
# Words that describe a hospital without naming it ("outside hospital", "the local hospital").
PLAIN_HOSPITAL = frozenset(
    """
    outside other another local previous prior same different nearby new old this that his her their
    psychiatric psych mental private teaching state receiving referring sending first second any a an the
    osh community area
    """.split()  # noqa: SIM905
)
# A hospital's initials: "GH", "MGH", "BWH", "BIDMC", "UMMC", "gbmc" after "to", "at", "from".
_HOSPITAL_INITIALS = re.compile(
    r"(?i)(?:\b(?:to|at|from|@|by|via|into|in|of)\s?|[(/])(?:the\s)?"
    r"(?P<v>[a-z]{0,4}h|[a-z]{1,4}mc|[a-z]{1,3}hc)(?![\w'’-])"
)
NOT_HOSPITAL_INITIALS = frozenset(
    """
    osh nph bph tsh acth ldh pth adh lh fsh hgh siadh ich sah sdh edh ivh ugh hah meh bah oh ah uh eh
    ash each much such rich high which with both path bath month oth ph dh hh rh ch sh th zh kh bh wh
    mh mch mcmc cmc hc mc pmh fhx shx hhc dmh nh vh smh jh cath trach synch vtach cvvh cvvhd fich uch gsh
    bh tach stach pch ech neph etoh usoh olh pleth
    """.split()  # noqa: SIM905
)
_HOSPITAL_INITIALS_AFTER = re.compile(
    r"(?i)(?<![\w'’-])(?P<v>[a-z]{1,4}h|[a-z]{1,4}mc)\s(?:er|ew|ed|emergency|hospital|hosp|icu|micu|ccu|clinic)\b"
)
_STRONG_FACILITY = re.compile(
    r"(?i)(?:^|\s)(?:hospital|hosp|medical center|med center|medical ctr|med ctr|health center)$"
)
_STATE_NAMES = (
    r"(?:alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho"
    r"|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota"
    r"|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york"
    r"|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina"
    r"|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming)"
)
_UNIVERSITY = re.compile(
    rf"(?i)(?<![\w-])(?P<v>(?:univ|university)\.?\s(?:of\s)?{WORD.pattern}(?:\s{WORD.pattern})?"
    rf"|u\.?\s?(?:of\s)?{_STATE_NAMES})"
)
_AREA = re.compile(
    rf"(?i)\b(?:in|from|near|around)\s(?:the\s)?(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)\sarea\b"
)
_STATE_ABBREVIATIONS = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY"
    r"|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)"
)
# A town before its state: "towson maryland", "ANNAPOLIS, MD", "laurel, md" (kept only for a known town).
_CITY_STATE = re.compile(
    rf"(?<![\w'’-])(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)"
    rf"(?:,?\s(?i:{_STATE_NAMES})|,?\s{_STATE_ABBREVIATIONS}|,\s(?i:{_STATE_ABBREVIATIONS}))(?![\w'’-])"
)
# A ward named after a person or a building, with its floor: "transfer to Quartermain 2", "on Ellison 10".
_WARD = re.compile(
    rf"(?i)\b(?:to|on|from|at|transfer|tx)\s(?P<v>{WORD.pattern}\s\d{{1,2}})(?![\w.:/%-]|\s?(?:mg|mcg|ml|cc|u\b|units?|l\b|hrs?|min))"
)


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """First names, surnames (those that are also English words left out), common words and cities."""
    word_names = set(_read_list("word_names.txt"))
    first = {w.lower() for w in _read_list("census_first_names.txt")}
    first |= {w.lower() for w in _read_list("first_names.txt") + _read_list("extra_first_names.txt")}
    surnames = {w.lower() for w in _read_list("census_surnames.txt")}
    _all_names.cache_clear()
    _all_names.names = frozenset(first | surnames)  # type: ignore[attr-defined]
    surnames -= word_names
    first -= word_names
    common = frozenset(_read_list("common_words.txt")) | NOT_A_NAME | CLINICAL
    cities = {w.lower() for w in _read_list("us_cities.txt") + _read_list("cities.txt")}
    return frozenset(first), frozenset(surnames), common, frozenset(cities)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """Capitalised words the name detector never takes as a name on their own."""
    return name_lists()[3]


@lru_cache(maxsize=1)
def _all_names() -> frozenset[str]:
    """Every Census name, also those that are English words ("bill", "white", "small")."""
    lexicon()
    return _all_names.names  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _all_first() -> frozenset[str]:
    """Every Census first name, also those that are English words ("bill", "grace")."""
    return frozenset(w.lower() for w in _read_list("census_first_names.txt"))


def _census_name(key: str) -> bool:
    """In a name context: any Census name that is not a clinical or function word."""
    return key not in NOT_A_NAME and key not in CLINICAL and (key in _all_names() or _is_known_name(key))


def _uncased(word: str) -> bool:
    """Tell whether a word is written without a telling capital: all lower case or all capitals."""
    return word.islower() or word.isupper()


def _key(word: str) -> str:
    """A word lower-cased, without a possessive ending."""
    return re.sub(r"['’]s?$", "", word.lower())


def _is_known_name(key: str) -> bool:
    """A name in the Census tables that is not an ordinary word."""
    first, surnames, common, _ = lexicon()
    if len(key) < 3 or key in common:
        return False
    return key in first or (len(key) > 3 and key in surnames)


def _name_like(key: str) -> bool:
    """After a name context: anything but an ordinary word, or a Census name that is also a word."""
    return key not in NOT_A_NAME and key not in CLINICAL and len(key) > 1


def uncased_spans(text: str) -> Iterator[Span]:
    """Yield candidate spans that the capitalised detectors cannot see."""
    yield from _lexicon_names(text)
    yield from _context_names(text)
    yield from _signatures(text)
    yield from _initial_names(text)
    yield from _places(text)
    yield from _years(text)
    for pattern in _PHONES:
        for match in pattern.finditer(text):
            yield Span(match.start("v"), match.end("v"), "PHONE", match.group("v"), 0.85)


_PHONES = (
    re.compile(
        r"(?i)\b(?:pager|pgr|pg|beeper|beep|page|cell|phone|ph|tel|ext)\.?(?:\s?(?:#|number|no\.?|:))*\s?(?P<v>\d{4,5})\b"
    ),
    re.compile(r"\((?P<v>\d{3}[ -]?\d{3}[ -]?\d{4,5})\)"),
)


def _lexicon_names(text: str) -> Iterator[Span]:
    """Census names written in lower case or capitals, extended over the name words that follow."""
    words = list(WORD.finditer(text))
    index = 0
    while index < len(words):
        word = words[index].group()
        key = _key(word)
        if not _is_known_name(key) or word in _stop_words() or (key in lexicon()[3] and word.istitle()):
            index += 1
            continue
        start, end = words[index].span()
        nxt = index + 1
        while nxt < len(words) and nxt - index < 3:
            gap = text[end : words[nxt].start()]
            follower = words[nxt].group()
            if gap not in (" ", ". ", " . ") or not _uncased(follower):
                break
            key = _key(follower)
            if not (_is_known_name(key) or (len(key) > 3 and _name_like(key) and key not in lexicon()[2])):
                break
            end = words[nxt].end()
            nxt += 1
        yield Span(start, end, "NAME", text[start:end], 0.6)
        index = nxt


_TITLE_NAME = re.compile(
    rf"(?i)(?<![A-Za-z]){TITLES}(?:\.\s?|\s)(?P<v>(?:{INITIAL}\s?)?{WORD.pattern}(?:[ -]{WORD.pattern})?)"
)
_RELATIVE_NAME = re.compile(
    rf"(?i)(?<![A-Za-z]){RELATIVES}(?:[:,]?\s|-+)(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)"
)
_STAFF_NAME = re.compile(rf"(?i)(?<![A-Za-z]){STAFF}(?:[:,]?\s)(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)")
_VERB_NAME = re.compile(rf"(?i)(?<![A-Za-z]){VERBS}\s?(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)")
_AND_NAME = re.compile(rf"(?i)(?<![A-Za-z])dr(?:\.\s?|\s){WORD.pattern}\s(?:and|&|or)\s(?P<v>{WORD.pattern})")


def _context_names(text: str) -> Iterator[Span]:
    """Names after a title or a relative, in any case: "dr healey", "WIFE HELEN", "spoke with suzette"."""
    for pattern, score, strict in (
        (_TITLE_NAME, 0.9, 0),
        (_AND_NAME, 0.8, 0),
        (_RELATIVE_NAME, 0.8, 1),
        (_STAFF_NAME, 0.8, 3),
        (_VERB_NAME, 0.65, 2),
    ):
        for match in pattern.finditer(text):
            start = match.start("v")
            parts = list(WORD.finditer(text, start, match.end("v")))
            if not parts:
                continue
            first_key = _key(parts[0].group())
            if strict == 3:
                if not (_is_known_name(first_key) or first_key in _all_first()) or first_key in NOT_A_NAME:
                    continue
                if re.fullmatch(RELATIVES, first_key):
                    continue
            elif strict == 2:
                # "with martin carey": a first name that is also a word counts when a surname follows it.
                followed = len(parts) > 1 and _is_known_name(_key(parts[1].group()))
                if not (_is_known_name(first_key) or (first_key in _all_first() and followed)):
                    continue
            elif strict:
                if first_key in lexicon()[2] and first_key not in _all_first():
                    continue
                if not (_census_name(first_key) or (_name_like(first_key) and first_key not in lexicon()[2])):
                    continue
            elif not _name_like(first_key):
                continue
            end = parts[0].end()
            for part in parts[1:]:
                key = _key(part.group())
                # A Census surname that is also a word, capitalised after a capitalised name: "Dr. Art White".
                titled = part.group().istitle() and parts[0].group().istitle() and key in _all_names()
                if not (_is_known_name(key) or titled or (_name_like(key) and key not in lexicon()[2])):
                    break
                if titled and key in NOT_A_NAME | CLINICAL:
                    break
                end = part.end()
            end = start + len(re.sub(r"['’]s?$", "", text[start:end]))
            yield Span(start, end, "NAME", text[start:end], score)


_SIGNATURE = re.compile(
    rf"(?im)(?<![\w.])(?P<v>(?:{WORD.pattern}|{INITIAL})(?:[ ]+(?:{WORD.pattern}|{INITIAL})){{0,3}})"
    rf",?[ ]+{CREDENTIALS}\b"
)
_INITIAL_NAME = re.compile(rf"(?<![\w.])[A-Za-z]\.\s?(?P<v>{WORD.pattern})")


def _signatures(text: str) -> Iterator[Span]:
    """A name signed before a credential at the end of a line: "ROBERT V. DEGIORGIO, RRT", "q. lander rrt"."""
    for match in _SIGNATURE.finditer(text):
        parts = list(re.finditer(rf"{WORD.pattern}\.?", match.group("v")))
        keep: list[re.Match[str]] = []
        for part in reversed(parts):
            token = part.group().rstrip(".")
            key = _key(token)
            if len(token) == 1 or _census_name(key) or (_name_like(key) and key not in lexicon()[2]):
                keep.insert(0, part)
            else:
                break
        if not keep or all(len(p.group().rstrip(".")) == 1 for p in keep) and len(keep) < 2:
            continue
        base = match.start("v")
        start, end = base + keep[0].start(), base + keep[-1].end()
        yield Span(start, end, "NAME", text[start:end], 0.85)


def _initial_names(text: str) -> Iterator[Span]:
    """An initial and a surname: "w. marotta", "J. O'BRIEN", "d. phyl"."""
    for match in _INITIAL_NAME.finditer(text):
        key = _key(match.group("v"))
        if len(key) > 2 and (_is_known_name(key) or key not in lexicon()[2]) and key not in CLINICAL:
            yield Span(match.start(), match.end("v"), "NAME", text[match.start() : match.end("v")], 0.7)


_FACILITY_NAME = re.compile(
    rf"(?i)(?<![A-Za-z])(?P<v>(?:{SAINTLY}\s?)?(?:{WORD.pattern}[ -]){{1,3}}"
    rf"{FACILITY}(?:[ -]{FACILITY}\b)?)\b"
)
_SAINT_NAME = re.compile(rf"(?i)(?<![\w])(?P<v>{SAINTLY}\s?{WORD.pattern}(?:['’]s)?(?:\s{WORD.pattern})?)")
_MOVED = re.compile(
    rf"(?i)(?<![A-Za-z]){TRANSFER}\s"
    r"(?:(?:in|to|from|at|by|into|back to|over to|out of|over from)\s)(?:the\s)?"
    rf"(?P<v>{WORD.pattern}(?:[ -]{WORD.pattern}){{0,2}})"
)


# What may follow a place's name and belongs to it: "laurel regional", "sacred heart memorial", "kernan ew".
_FACILITY_TAIL = re.compile(rf"(?i)(?:[ -]+(?:{FACILITY}|ew|er|ed))+\b")
# A hospital's name before its emergency room: "from kernan ew", "sent to warren grant er".
_BEFORE_ER = re.compile(
    rf"(?i)\b(?:from|to|at|@|in)\s(?P<v>{WORD.pattern}(?:\s{WORD.pattern})?)\s(?:ew|er|ed|emergency room)\b"
)
_STREET = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|ter"
    r"|circle|cir|highway|hwy|parkway|pkwy|square|sq|pike|alley)"
)
# A street address typed in any case: "19 clover st.", "4402 OLD FREDERICK RD".
_UNCASED_ADDRESS = re.compile(
    rf"(?i)(?<![\w/.-])(?P<v>\d{{1,5}}[a-z]?\s(?:[nsew]\.?\s)?(?:{WORD.pattern}\s){{1,3}}{_STREET}\b\.?)"
    r"(?!\s?(?:elevations?|depressions?|segments?|changes|dep|elev|wave|[0-9]))"
)


def _places(text: str) -> Iterator[Span]:
    """Hospitals and towns in any case, each stretched over the facility words that follow it."""
    for span in _place_names(text):
        tail = _FACILITY_TAIL.match(text, span.end)
        if tail:
            span = Span(span.start, tail.end(), span.kind, text[span.start : tail.end()], span.score)
        yield span


def _place_names(text: str) -> Iterator[Span]:
    """Hospitals and towns in any case: "CALVERT HOSPITAL", "holy cross", "transferred to gh"."""
    _, _, common, cities = lexicon()
    for match in _BEFORE_ER.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        while parts and (_key(parts[0].group()) in common or _key(parts[0].group()) in NOT_A_NAME):
            parts = parts[1:]
        if parts and all(_key(p.group()) not in CLINICAL for p in parts):
            start, end = parts[0].start(), parts[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.8)
    for match in _UNCASED_ADDRESS.finditer(text):
        words = [_key(p.group()) for p in WORD.finditer(text, *match.span("v"))][:-1]
        if words and not any(w in CLINICAL or w in NOT_A_NAME for w in words):
            yield Span(match.start("v"), match.end("v"), "ADDRESS", match.group("v"), 0.85)
    yield from _hospital_initials(text)
    yield from _named_areas(text, common, cities)
    for match in _FACILITY_NAME.finditer(text):
        start, end = match.span("v")
        parts = list(WORD.finditer(text, start, end))
        suffix_at = len(parts) - 1
        while suffix_at > 0 and re.fullmatch(
            rf"(?i){FACILITY}(?: {FACILITY})*", " ".join(p.group() for p in parts[suffix_at - 1 :])
        ):
            suffix_at -= 1
        strong = bool(_STRONG_FACILITY.search(" ".join(p.group() for p in parts[suffix_at:])))
        # Walk back from the suffix over the place's own words: capitalised or not ordinary words, or, before
        # "hospital", any word that does not only describe it ("LAUREL HOSPITAL" but not "outside hospital").
        first = suffix_at
        while first > 0:
            word = parts[first - 1].group()
            key = _key(word)
            if key in PLAIN_HOSPITAL or key in NOT_A_NAME:
                break
            if (
                word.lower().rstrip(".") in SAINT_WORDS
                or key not in common
                or word.istitle()
                or (strong and first == suffix_at and len(key) > 1 and (key in cities or key in _all_names()))
            ):
                first -= 1
            else:
                break
        own = parts[first:suffix_at]
        if not own and strong and len(parts) - suffix_at > 1:
            # "transferred from memorial hospital", "at the general hospital": the first word is the name.
            own_start = parts[suffix_at].start()
            yield Span(own_start, end, "LOCATION", text[own_start:end], 0.75)
            continue
        if not own:
            continue
        saintly = own[0].group().lower().rstrip(".") in SAINT_WORDS
        if not (saintly or strong) and all(_key(p.group()) in common for p in own):
            continue
        start = parts[first].start()
        yield Span(start, end, "LOCATION", text[start:end], 0.85)
    for match in _SAINT_NAME.finditer(text):
        start, end = match.span("v")
        parts = list(WORD.finditer(text, start, end))
        if len(parts) < 2:
            continue
        second = _key(parts[1].group())
        # "holy cross", "sacred heart", "saint agnes"; after "st" or "mt" only a word that is not ordinary.
        devout = parts[0].group().lower() in {"holy", "sacred", "saint"}
        if second in NOT_A_NAME or second in CLINICAL or (second in common and not devout):
            continue
        if len(parts) == 3 and _key(parts[2].group()) in common:
            end = parts[1].end()
        yield Span(start, end, "LOCATION", text[start:end], 0.8)
    for match in _MOVED.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        keep = []
        for part in parts:
            key = _key(part.group())
            # A capitalised word in a sentence written in mixed case is a name ("went to Harbor").
            proper = part.group().istitle() and key not in SERVICES and key not in NOT_A_NAME | CLINICAL
            ordinary = key in common and (key not in cities or key in CLINICAL)
            if (ordinary and not proper) or len(key) < 2 or key in SERVICES:
                break
            keep.append(part)
        if not keep:
            continue
        start, end = keep[0].start(), keep[-1].end()
        yield Span(start, end, "LOCATION", text[start:end], 0.7)
    words = list(WORD.finditer(text))
    for index, match in enumerate(words):
        key = match.group().lower()
        if key in cities and key not in common and (len(key) > 4 or not match.group().isupper()):
            yield Span(match.start(), match.end(), "LOCATION", match.group(), 0.6)
        for size in (2, 3):
            # Towns of more than one word: "san diego", "BEL AIR", "daytona beach".
            group = words[index : index + size]
            gaps = [text[a.end() : b.start()] for a, b in zip(group, group[1:], strict=False)]
            if len(group) == size and all(gap == " " for gap in gaps):
                name = " ".join(w.group() for w in group).lower()
                if name in cities:
                    yield Span(
                        group[0].start(),
                        group[-1].end(),
                        "LOCATION",
                        text[group[0].start() : group[-1].end()],
                        0.7,
                    )


def _hospital_initials(text: str) -> Iterator[Span]:
    """A hospital's initials after "to", "at", "from" or before "ER": "to GH", "at bidmc", "MGH EW"."""
    for pattern in (_HOSPITAL_INITIALS, _HOSPITAL_INITIALS_AFTER):
        for match in pattern.finditer(text):
            word = match.group("v")
            key = word.lower()
            if key in NOT_HOSPITAL_INITIALS or key in lexicon()[2] or len(key) < 2:
                continue
            if not word.istitle() or pattern is _HOSPITAL_INITIALS_AFTER:
                yield Span(match.start("v"), match.end("v"), "LOCATION", word, 0.8)


def _named_areas(text: str, common: frozenset[str], cities: frozenset[str]) -> Iterator[Span]:
    """Universities, areas, towns before a state, and wards with a floor: "u maryland", "edgemere area",
    "towson maryland", "ANNAPOLIS, MD", "on Quartermain 2"."""
    first, surnames, _, _ = lexicon()
    for match in _UNIVERSITY.finditer(text):
        parts = [p for p in WORD.finditer(text, *match.span("v")) if p.group().lower() != "of"]
        if len(parts) < 2 or _key(parts[1].group()) in NOT_A_NAME:
            continue
        end = parts[2].end() if len(parts) > 2 and _key(parts[2].group()) not in common else parts[1].end()
        yield Span(parts[0].start(), end, "LOCATION", text[parts[0].start() : end], 0.9)
    for match in _AREA.finditer(text):
        parts = [p for p in WORD.finditer(text, *match.span("v")) if _key(p.group()) not in common]
        if parts:
            start, end = parts[0].start(), parts[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.7)
    for match in _CITY_STATE.finditer(text):
        parts = list(WORD.finditer(text, *match.span("v")))
        while parts and _key(parts[0].group()) not in cities and len(parts) > 1:
            parts = parts[1:]
        if parts and " ".join(p.group() for p in parts).lower() in cities:
            start, end = parts[0].start(), parts[-1].end()
            yield Span(start, end, "LOCATION", text[start:end], 0.9)
    for match in _WARD.finditer(text):
        word = WORD.match(text, match.start("v"))
        key = _key(word.group()) if word else ""
        if len(key) > 3 and key not in common and (key in surnames or word.group().istitle()):
            yield Span(match.start("v"), match.end("v"), "LOCATION", match.group("v"), 0.75)


_YEAR = re.compile(
    r"(?<![\w/.:-])(?:19[0-9]\d|20[0-3]\d)(?![\w/:-]|\.\d|\s?(?:cc|ml|mg|mcg|units?|u\b|kcal|cal|g\b|kg|gm|mm|hrs?\b"
    r"|hours|min|sec|meters|m\b|feet|ft|steps|x\b))"
    r"|(?<![\w'’])['’]\d\d(?![\w'’%])"
    r"|(?<![\w/.-])\d\d['’](?![\w'’%])"
    r"|(?<![\w/.])(?<!\d-)(?:0?[1-9]|1[0-2])/(?:[6-9]\d)(?![\w/%]|[.-]\d)"
)
# A two-digit year after an event of the past history: "pmh mi 92", "redo cabg 84", "cva in 94".
_HISTORY_YEAR = re.compile(
    r"(?i)\b(?:mi|ami|imi|nstemi|stemi|cabg|ptca|pci|stents?|cva|tia|avr|mvr|ppm|aicd|icd|pacer|pacemaker"
    r"|chole|cholecystectomy|appy|appendectomy|turp|tah|hysterectomy|bka|aka|cath|arrest|dx'?d|diagnosed"
    r"|surgery|repair|replacement|fx|fracture|ca|cancer|stroke|mastectomy|lobectomy|colectomy)"
    r"(?:\s(?:in|x\d|c/b))?\s(?P<v>['’]?(?:[4-9]\d|0\d))(?![\w'’%/.:-]|\s?(?:mg|cc|ml|units?|%))"
)


def _years(text: str) -> Iterator[Span]:
    """Years on their own ("MI 1992", "cabg '95", "CVA 74'") and month/year ("avr 8/88")."""
    for match in _YEAR.finditer(text):
        yield Span(match.start(), match.end(), "DATE", match.group(), 0.6)
    for match in _HISTORY_YEAR.finditer(text):
        yield Span(match.start("v"), match.end("v"), "DATE", match.group("v"), 0.6)
