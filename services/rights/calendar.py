"""Date arithmetic for deadlines: calendar months, business days, holiday calendars."""

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

from services.rights.rules import Period


def add_months(start: date, months: int) -> date:
    """Same day number `months` later; the month's last day where it has no such day
    (Reg. 1182/71 Art. 3(2)(c): 31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_period(start: date, period: Period) -> date:
    return add_months(start, period.months) + timedelta(days=period.days)


@lru_cache(maxsize=64)
def _holidays(calendar_code: str, year: int) -> frozenset[date]:
    country, _, subdivision = calendar_code.partition("-")
    return frozenset(holidays.country_holidays(country, subdiv=subdivision or None, years=year))


def is_business_day(day: date, calendar_code: str | None) -> bool:
    if day.weekday() >= 5:
        return False
    return calendar_code is None or day not in _holidays(calendar_code, day.year)


def roll_forward(day: date, calendar_code: str | None) -> date:
    """The first business day on or after `day`."""
    while not is_business_day(day, calendar_code):
        day += timedelta(days=1)
    return day


def add_business_days(start: date, count: int, calendar_code: str | None) -> date:
    day = start
    for _ in range(count):
        day = roll_forward(day + timedelta(days=1), calendar_code)
    return day


def valid_calendar(calendar_code: str) -> bool:
    country, _, subdivision = calendar_code.partition("-")
    try:
        holidays.country_holidays(country, subdiv=subdivision or None, years=2026)
    except NotImplementedError:
        return False
    return True
