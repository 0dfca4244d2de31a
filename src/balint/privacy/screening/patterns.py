"""Regular-expression detectors for the Safe Harbor kinds that have a recognisable shape.

Every pattern uses bounded repetition with unambiguous boundaries between repeated parts, so the
regex engine works in linear time on long or hostile input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from balint.privacy.screening.spans import Span

DATA_DIR = Path(__file__).parent / "data"

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿā-ž"
CAP_WORD = rf"[{UPPER}][{LOWER}'’-]{{1,30}}"

# Month and weekday names in any case ("March", "march", "MARCH"). The abbreviations that are also
# ordinary words in clinical notes ("may", "mar", "dec" for decreased, "sat" for saturation, "sun", "wed")
# count in lower case or capitals only where a date plainly follows or precedes (see _ambiguous_date).
_MONTH = (
    r"(?:(?i:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?"
    r"|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?))"
)
_FULL_MONTH = r"(?:(?i:january|february|april|june|july|september|october|november|december)|March|August)"
_WEEKDAY = (
    r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun))"
)
# Words before a month name that make it a date even when the name is also a word ("in march", "since may").
_MONTH_CONTEXT = r"\b(?i:in|since|of|by|until|last|next|early|late|mid|during|before|after)[\s-]"
_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
    r"|twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[- ]first)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_UNITS = r"(?:mg|mcg|ml|cc|units?|u\b|l\b|liters?|kg|g\b|gm|mm|cm|%|hrs?\b|hours?|min|mins|x\b|times)"
_HOLIDAY = (
    r"(?i:Christmas(?: Eve| Day)?|New Year's(?: Eve| Day)|Thanksgiving(?: Day)?|Easter(?: Sunday)?|Halloween"
    r"|Valentine's Day|Mother's Day|Father's Day|Memorial Day|Labor Day|Independence Day|Veterans Day)"
)

DATE_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    # 2023-03-14
    (re.compile(r"(?<![\d/.-])(?:1[89]|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?![\d/-])"), 0.95),
    # 3/14/2023, 03-14-23, 3.14.2023
    (
        re.compile(
            r"(?<![\d/.])(?<!\d-)(?:0?[1-9]|1[0-2])([/.-])(?:0?[1-9]|[12]\d|3[01])\1(?:\d\d){1,2}(?![\d/.-]?\d)"
        ),
        0.95,
    ),
    # 3/14 (month/day without a year)
    (
        re.compile(
            r"(?<![\d/.-])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/.]?\d)(?!\s?(?:mg|ml|mL|tabs?\b|tablets?|pills?|cups?|doses?|of\b|inch|hours?|hrs?\b))"
        ),
        0.8,
    ),
    # March 3rd, 2023 / Tuesday, March 3 / Mar. 3 / March the 3rd / March third
    (
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s)?{_MONTH}\.?\s(?:the\s)?(?:{_DAY_NUM}|{_ORDINAL_WORD})\b(?:,?\s{_YEAR}\b|,\s?['’]?\d\d\b(?![:.]?\d))?",
            re.IGNORECASE,
        ),
        0.95,
    ),
    # 3 March 2023 / the 3rd of March / Tuesday the 12th / last Tuesday the 12th
    (
        re.compile(
            rf"\b(?:the\s)?(?:{_DAY_NUM}|{_ORDINAL_WORD})(?:\sof)?\s{_MONTH}\b\.?(?:,?\s{_YEAR}\b|,\s?['’]?\d\d\b(?![:.]?\d))?",
            re.IGNORECASE,
        ),
        0.95,
    ),
    (
        re.compile(
            rf"\b(?:(?:last|next|this)\s)?{_WEEKDAY},?\s(?:the\s)(?:{_DAY_NUM}|{_ORDINAL_WORD})\b",
            re.IGNORECASE,
        ),
        0.95,
    ),
    # "on the 12th", "by the 3rd"
    (
        re.compile(
            r"\b(?<=\s)the\s(?:[12]\d|3[01]|[1-9])(?:st|nd|rd|th)\b(?!\s(?:century|percentile|grade|floor|time|times|year|day|week|visit|session|attempt|birthday|edition))",
            re.IGNORECASE,
        ),
        0.8,
    ),
    # March 2023, March of 2023, nov, 96 / Nov '96
    (re.compile(rf"\b{_MONTH}\.?\s(?:of\s)?{_YEAR}\b", re.IGNORECASE), 0.9),
    (re.compile(rf"\b{_MONTH}\.?(?:,\s?|\s)['’]?\d\d\b(?![\d:/.%-]|\s?(?:{_UNITS}))"), 0.8),
    # a bare month name in any case ("in March", "since april", "JANUARY"); "march", "may" and the
    # abbreviations only after a word such as "in" or "since"
    (re.compile(rf"\b{_FULL_MONTH}\b"), 0.7),
    (
        re.compile(
            rf"{_MONTH_CONTEXT}(?P<v>(?i:march|may|august|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?)"
            r"(?!\s?\d)"
        ),
        0.75,
    ),
    (re.compile(rf"\b{_HOLIDAY}\b"), 0.7),
    # decades ("in the 1980s", "'90s")
    (re.compile(r"\b(?:19|20)\d0['’]?s\b|(?<![\w'’])['’][5-90]0s\b"), 0.7),
]

AGE_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            r"(?<![\d.])(?:9\d|1[0-2]\d)(?:\s?|-)(?:years?|yrs?|y)(?:\.|-|\s)?(?:old|o\b|/o\b)"
            r"|(?<![\d.])(?:9\d|1[0-2]\d)\s?(?:yo|y/o|y\.o\.)(?!\w)",
            re.IGNORECASE,
        ),
        0.95,
    ),
    (
        re.compile(
            r"\b(?:aged?|turned|turning|turns)\s(?:of\s)?(?:9\d|1[0-2]\d)(?!\d)"
            r"|(?<![\d.])(?:9\d|1[0-2]\d)(?:st|nd|rd|th)\sbirthday\b",
            re.IGNORECASE,
        ),
        0.9,
    ),
    (
        re.compile(
            r"\b(?:ninety|one hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
            r"(?:[- ]years?[- ]old|\syears\sof\sage|th\sbirthday)\b"
            r"|\b(?:in\s(?:his|her|their)\s)(?:nineties|90s|late nineties|hundreds)\b"
            r"|\bnonagenarian\b|\bcentenarian\b"
            r"|\b(?:turned|turning|turns|is|was|aged|be) ninety"
            r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b",
            re.IGNORECASE,
        ),
        0.9,
    ),
]

PHONE_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)"
            r"(?:,?\s?(?:ext\.?|extension|x|#)\s?\d{1,5}\b)?",
            re.IGNORECASE,
        ),
        0.9,
    ),
    # ten or eleven digits in three groups, however typed: "(240444-1243)", "301 273 45166", "301/555/0134"
    (
        re.compile(
            r"(?<![\w+/.-])\(?\d{3}\)?(?:[\s./-]{1,2}\d{3}[\s./-]?|\d{3}[\s./-]{1,2})\d{4,5}(?![\w/-]|\.\d)"
        ),
        0.8,
    ),
    # after a word that says it is a number: "pager 4-5678", "home # 555 0134", "ext. 4417", "x4417",
    # "reach her at 555.0134", "beeper number 55037"
    (
        re.compile(
            r"\b(?:pager|pgr|pg|beeper|bpr|beep|page|cell|mobile|phone|ph|tel|telephone|fax|home|work|office"
            r"|ext|extension|contact|(?:reach|reached|call|called)(?:\s\w{1,12})?\sat|number)\.?(?:\s?(?:#|number|no\.?|:|is|at))*"
            r"\s?(?P<v>\d{3}[\s.-]\d{4}|\d-\d{4}|\d{4,5})(?![\w/.:-]|\s?(?:mg|ml|cc|units?|am|pm|hrs?)\b)",
            re.IGNORECASE,
        ),
        0.85,
    ),
    (re.compile(r"(?<![\w.])[xX]\s?\d{4,5}\b"), 0.8),
    (re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]\d{1,4}){2,5}(?![\d-])"), 0.85),
    (re.compile(r"(?<![\d/.-])\d{3}-\d{4}(?![\d-])"), 0.75),
    (
        re.compile(r"\b(?:phone|fax|cell|pager|tel|mobile|number|call|text)\s(?P<v>\d{10})\b", re.IGNORECASE),
        0.9,
    ),
]

EMAIL_PATTERN = re.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")

_TLD = r"(?:com|org|net|edu|gov|io|us|info|health|care|biz|co|me|app|ly)"
URL_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`]{1,2000}", re.IGNORECASE), 0.95),
    (
        re.compile(
            rf"(?<![\w@.-])[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}}){{0,4}}\.{_TLD}\b(?:/[^\s<>\"'`]{{0,2000}})?"
        ),
        0.8,
    ),
]

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IP_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)"), 0.95),
    (
        re.compile(
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])"
            r"|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])"
        ),
        0.9,
    ),
]

SSN_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"(?<![\d-])(?!000|666)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])"), 0.97),
    (
        re.compile(
            r"\b(?:SSN|SS#|social security number|social security|social)"
            r"(?:\s|:\s|\sis\s|\s#\s?)(?P<v>\d{9})\b",
            re.IGNORECASE,
        ),
        0.97,
    ),
]

_ID_CONTEXT = (
    r"(?:MRN|MR#|medical record|record|chart|account|acct\.?|license|licence|DEA|NPI|member ID|member|policy"
    r"|insurance ID|insurance|patient ID|ID|case|claim|plate|badge|Medicaid|Medicare|serial|device|passport"
    r"|visa|certificate|subscriber|encounter|FIN|CSN|room|bed)"
)
ID_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            rf"\b{_ID_CONTEXT}(?:\s(?:number|no\.?|num\.?|#|ID))?(?:\s?[#:]\s?|\s(?:is|of|was)\s|\s)"
            r"(?P<v>(?:[A-Z]{1,4}-?)?\d[\dA-Z-]{2,20})\b(?![.,]\d)",
            re.IGNORECASE,
        ),
        0.9,
    ),
    (re.compile(r"(?<![\w-])[A-Z]{1,4}-?\d{5,12}(?![\w-])"), 0.8),
    (re.compile(r"(?<![\w.,/-])\d{6,16}(?![\w/-]|[.,]\d)"), 0.7),
    (re.compile(r"(?<![\w-])\d{2,6}-\d{2,6}-\d{2,6}(?:-\d{1,6})?(?![\w-])"), 0.6),
]

_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter"
    r"|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl|Pike|Alley|Row|Loop|Crescent)"
)
_STATE_ABBR = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC"
    r"|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)"
)
_STATE_NAME = (
    r"(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho"
    r"|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota"
    r"|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York"
    r"|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina"
    r"|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming)"
)
ADDRESS_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?\s(?:[NSEW]\.?\s)?(?:(?:{CAP_WORD}|\d{{1,3}}(?:st|nd|rd|th))\.?\s){{1,4}}"
            rf"{_STREET_SUFFIX}\b\.?"
            rf"(?:,?\s(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s?#?\w{{1,6}})?"
            rf"(?:,\s{CAP_WORD}(?:\s{CAP_WORD}){{0,2}})?"
            rf"(?:,?\s(?:{_STATE_ABBR}|{_STATE_NAME})\b)?(?:\s\d{{5}}(?:-\d{{4}})?)?"
        ),
        0.95,
    ),
    (
        re.compile(
            rf"\b(?:{CAP_WORD}\s){{1,3}}(?:Street|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Way|Terrace"
            rf"|Circle|Highway|Parkway|Pike|St\b\.?(?!\s[{UPPER}]))\b\.?"
        ),
        0.75,
    ),
    (re.compile(r"\b(?:P\.?\s?O\.?\s?Box|Post Office Box)\s\d{1,8}\b", re.IGNORECASE), 0.95),
    (re.compile(rf"(?<=\b{_STATE_ABBR}\s)\d{{5}}(?:-\d{{4}})?\b"), 0.9),
    (re.compile(r"\b(?:zip|ZIP|zip code|ZIP code|zipcode|postal code)\s(?P<v>\d{5}(?:-\d{4})?)\b"), 0.9),
    (re.compile(r"\b(?:Apt|Apartment|Unit|Suite)\.?\s#?\d{1,5}[A-Z]?\b"), 0.85),
    (re.compile(r"\b(?:Route|Rte\.?|Highway|Interstate|County Road)\s\d{1,4}\b"), 0.6),
]

_FACILITY_SUFFIX = (
    r"(?:Hospital|Medical Center|Medical Centre|Health Center|Health Centre|Health System|Healthcare|Clinic"
    r"|Nursing Home|Nursing Center|Rehabilitation Center|Rehab Center|Rehab|Hospice|Infirmary|Care Center"
    r"|Urgent Care|Pharmacy|Elementary(?: School)?|Middle School|High School|Academy|School"
    r"|Church|Mosque|Synagogue"
    r"|Temple|Shelter|Mission|Manor|Assisted Living|Senior Living|Village|Apartments|Homes|Prison"
    r"|Correctional Facility|Jail|Detention Center|Dialysis Center|Cancer Center|Children's|Memorial|General"
    r"|Community College|College|University|Family Practice|Pediatrics|Obstetrics|Free Clinic|Center)"
)
LOCATION_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            rf"\b(?:(?:St\.?|Saint|Mount|Mt\.?|Our Lady of|University of)\s)?"
            rf"(?:{CAP_WORD}\s){{1,4}}{_FACILITY_SUFFIX}\b"
            rf"(?:\s(?:Hospital|Medical Center|Clinic))?"
        ),
        0.85,
    ),
    (re.compile(rf"\b(?:{CAP_WORD}\s){{1,2}}(?:County|Parish|Township|Borough)\b"), 0.85),
    (
        re.compile(rf"\b{CAP_WORD}(?:\s{CAP_WORD}){{0,2}}(?=,\s(?:{_STATE_ABBR}|{_STATE_NAME})\b)"),
        0.85,
    ),
    (
        re.compile(
            rf"\b(?:lives|living|lived|live|moved|moving|move|relocated|relocating|grew up|born|raised"
            rf"|resides|residing|commutes|drove|drives|driving|flew|back home|home|stays|staying|stayed"
            rf"|visiting|visited"
            rf"|hometown|town|city|village|suburb|neighborhood|neighbourhood|farm|house|trailer|apartment)"
            rf"\s(?:in|to|from|near|outside|of|back to|out to|up to|down to|outside of)\s"
            rf"(?P<v>{CAP_WORD}(?:\s{CAP_WORD}){{0,2}})"
        ),
        0.8,
    ),
]


@lru_cache(maxsize=1)
def city_pattern() -> re.Pattern[str]:
    """Compile the shipped city list into one alternation."""
    cities = _read_list("cities.txt")
    alternation = "|".join(re.escape(city) for city in sorted(cities, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


def _read_list(name: str) -> list[str]:
    """Read one entry per line from a data file, skipping comments and blanks."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


PATTERN_GROUPS: list[tuple[str, list[tuple[re.Pattern[str], float]]]] = [
    ("DATE", DATE_PATTERNS),
    ("AGE", AGE_PATTERNS),
    ("PHONE", PHONE_PATTERNS),
    ("EMAIL", [(EMAIL_PATTERN, 0.99)]),
    ("URL", URL_PATTERNS),
    ("IP", IP_PATTERNS),
    ("SSN", SSN_PATTERNS),
    ("ID", ID_PATTERNS),
    ("ADDRESS", ADDRESS_PATTERNS),
    ("LOCATION", LOCATION_PATTERNS),
]

_LEADING_NOISE = re.compile(
    r"^(?:(?:The|A|An|At|In|On|To|From|Our|Her|His|Their|My|This|That|Then|When|After|Before|Since|And|But)\s)+"
)
_TRAILING_PUNCT = ".,;:!?)]}'\"’”"


def pattern_spans(text: str) -> Iterator[Span]:
    """Yield candidate spans from every shape-based detector."""
    for kind, patterns in PATTERN_GROUPS:
        for pattern, score in patterns:
            for match in pattern.finditer(text):
                start, end = match.span("v") if "v" in pattern.groupindex else match.span()
                yield from _tidy(text, start, end, kind, score)
    for match in city_pattern().finditer(text):
        yield Span(match.start(), match.end(), "LOCATION", match.group(), 0.75)


# "dec 2" (decreased by two), "may 5", "mar 10" in lower case or capitals: a date only with an ordinal, a
# year, or a word such as "on" or "since" before it.
_AMBIGUOUS_DATE = re.compile(
    r"(?:may|mar|dec|MAY|MAR|DEC)[,\s]{1,2}['’]?\d\d?|\d\d?\s(?:may|mar|dec|MAY|MAR|DEC)"
)
_DATE_CONTEXT_BEFORE = re.compile(
    r"(?i)\b(?:on|since|by|until|till|from|of|in|before|after|starting|through|thru|due|dated|date|dob)[:\s]{1,2}$"
)


# A month/day that is a fraction ("rales 1/3 up", "1/2 ns"), a ventilator setting ("psv 10/5", "cpap 5/5
# peep") or a muscle strength ("mae 5/5"), not a date: unless a date word comes right before it.
_FRACTION = re.compile(r"(?:1/[234]|2/3|3/4)")
_SETTING_BEFORE = re.compile(
    r"(?i)\b(?:ps|psv|pressure support|cpap|bipap|peep|a/c|simv|imv|vent|settings?|strength|str|mae|grasps?"
    r"|grips?|motor)\b(?:\W{1,3}(?:of|at|on|to|with|from|increased|decreased|changed|back|weaned|now|is|was"
    r"|and|\d{2}%|\d\d?))*\W{0,3}$"
)
_SETTING_AFTER = re.compile(
    r"(?i)\s?(?:peep|cm\b|ps\b|psv|with\speep|,?\s?\d{2}\s?%|fio2|x\s?\d|throughout|bilat)"
)


def _ambiguous_date(text: str, start: int, end: int) -> bool:
    """Tell whether a month-and-day match is more likely an ordinary word and a number."""
    dated = _DATE_CONTEXT_BEFORE.search(text[max(0, start - 12) : start])
    if (
        _FRACTION.fullmatch(text, start, end)
        or _SLASHED.fullmatch(text, start, end)
        and (_SETTING_BEFORE.search(text[max(0, start - 40) : start]) or _SETTING_AFTER.match(text, end))
    ):
        return not dated or dated.group().lower().startswith("of")
    if not _AMBIGUOUS_DATE.fullmatch(text, start, end):
        return False
    return not dated


_SLASHED = re.compile(r"\d\d?/\d\d?")


def _tidy(text: str, start: int, end: int, kind: str, score: float) -> Iterator[Span]:
    """Trim leading function words and trailing punctuation from a raw match."""
    if kind == "DATE" and _ambiguous_date(text, start, end):
        return
    if kind in {"URL", "EMAIL"}:
        while end > start and text[end - 1] in _TRAILING_PUNCT:
            end -= 1
    if kind == "LOCATION":
        lead = _LEADING_NOISE.match(text, start, end)
        if lead:
            start = lead.end()
    if end > start:
        yield Span(start, end, kind, text[start:end], score)
