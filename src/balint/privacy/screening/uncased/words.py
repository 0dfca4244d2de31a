"""The uncased detectors' vocabulary: word lists, name contexts, place patterns, and the Census lexicon."""

from __future__ import annotations

import re
from functools import lru_cache

from balint.privacy.screening.names import name_lists
from balint.privacy.screening.patterns import _read_list

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


CREDENTIALS = (
    r"(?:rrt|crt|rn|r\.n\.|bsn|lpn|lcsw|licsw|msw|cna|np|md|m\.d\.|do|pa-c|slp|otr|crnp|rpa-c|phd|psyd)"
)


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
    r"(?:transferred|transfered|transfer|trans|tx'?d|tx|xfer(?:red)?|admitted|adm|sent|taken|arrived|arrival"
    r"|came|come|went|go|goes|going|discharged|discharge|discharging|d/c(?:'?d)?|dc'?d|enroute|en route"
    r"|referred|accepted|returned|return|followed|seen|screened|lives|living|lived|resides|moved|home|born"
    r"|raised|brought|presented|presenting|presents|medflighted|medflight|flown|transported|vacationing"
    r"|vacation|visiting|works|working|job|stays|staying|shelter|bed|records)"
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
    osh community area prev
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
    rf"(?:,?\s(?i:{_STATE_NAMES})|,?\s{_STATE_ABBREVIATIONS}|,\s(?i:{_STATE_ABBREVIATIONS}))(?:['’][sS])?(?![\w'’-])"
)


# A ward named after a person or a building, with its floor: "transfer to Quartermain 2", "on Ellison 10".
_WARD = re.compile(
    rf"(?i)\b(?:to|on|from|at|transfer|tx)\s(?P<v>{WORD.pattern}\s\d{{1,2}})(?![\w:/%-]|\.\d|\s?(?:mg|mcg|ml|cc|u\b|units?|l\b|hrs?|min))"
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
    common = frozenset(_read_list("common_words.txt")) | NOT_A_NAME | CLINICAL | _vocabulary()
    cities = {w.lower() for w in _read_list("us_cities.txt") + _read_list("cities.txt")}
    return frozenset(first), frozenset(surnames), common, frozenset(cities)


@lru_cache(maxsize=1)
def towns() -> frozenset[str]:
    """Smaller US towns (GeoNames places of 1,000 people or more that are not ordinary words), read on
    first use: a place on their own only when they are no Census name ("edgemere", "catonsville"), else
    only where a place stands ("in lansdowne"). See data/README.md and bench/_build_towns.py."""
    return frozenset(_read_list("us_towns.txt"))


def _vocabulary() -> frozenset[str]:
    """Rarer English and clinical words that are not names ("coccyx", "suctioned", "milrinone"): see
    data/README.md and bench/_build_vocabulary.py."""
    return frozenset(_read_list("vocabulary.txt"))


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


@lru_cache(maxsize=1)
def _frequent_surnames() -> frozenset[str]:
    """The 3,000 most frequent Census surnames, also those that are words ("brown", "white", "king")."""
    return frozenset(w.lower() for w in _read_list("surnames.txt"))


def _frequent_surname(key: str) -> bool:
    """One of the 3,000 most frequent Census surnames, not a clinical or function word: in a weak name
    context ("per Butcher", "NP Rock", "W. Crisp aware") only such a surname counts when it is a word."""
    return key in _frequent_surnames() and key not in NOT_A_NAME and key not in CLINICAL


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
