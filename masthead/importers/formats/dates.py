"""Dates as sources write them: ISO 8601, RFC 822 (WXR), and "22 April 2025" in a page."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.utils import timezone

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "février", "févr"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "août"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "déc"),
        ],
        start=1,
    )
    for name in names
}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er)?\.? ([a-zéû]+)\.?,? (\d{4})")
MONTH_DAY_YEAR = re.compile(r"([a-zéû]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")


def aware(value: datetime) -> datetime:
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def parse_iso(value: str) -> datetime | None:
    try:
        return aware(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def parse_rfc822(value: str) -> datetime | None:
    try:
        return aware(parsedate_to_datetime(value.strip()))
    except (TypeError, ValueError, IndexError):
        return None


def parse_date(text: str) -> datetime | None:
    """A date written out in a line of text, in English or French, or ISO."""
    text = text.strip().casefold()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([t ][\d:.+z-]*)?", text):
        return parse_iso(text.upper())
    for pattern, order in ((DAY_MONTH_YEAR, (0, 1, 2)), (MONTH_DAY_YEAR, (1, 0, 2))):
        match = pattern.search(text)
        if match:
            parts = match.groups()
            day, month, year = (parts[i] for i in order)
            if month in MONTHS and 1 <= int(day) <= 31:
                try:
                    return aware(datetime(int(year), MONTHS[month], int(day)))
                except ValueError:
                    return None
    return None
