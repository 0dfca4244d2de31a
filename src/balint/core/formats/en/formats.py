"""Balint's one date style, on every page, export and PDF: "6 Dec 2026" and "Sun 6 Dec 2026, 14:30".

Templates write `|date` (DATE_FORMAT), `|date:"DATETIME_FORMAT"` or `|time`; Python code calls
`balint.core.dates.day` / `moment`, which read the same formats. Times are in the program's time zone.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "D j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "D j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
