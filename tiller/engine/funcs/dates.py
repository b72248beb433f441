"""Sprig v2.22.0 date functions (date.go) on Go-like :class:`GoTime` values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._registry import sprig
from .gotime import (
    UTC,
    ZERO_TIME,
    GoTime,
    format_duration,
    from_unix,
    go_format,
    go_parse,
    in_zone,
    load_location,
    local_zone,
    now,
    parse_duration,
)


def _as_time(v: Any) -> GoTime:
    # time.Time, *time.Time and int/int32/int64 Unix seconds; anything else is "now".
    if isinstance(v, GoTime):
        return v
    if (
        isinstance(v, int)
        and not isinstance(v, bool)
        and (type(v) is int or type(v).__name__ in ("Int64", "Int32"))
    ):
        return from_unix(int(v))
    return now()


@sprig("now", result="time.Time")
def now_() -> GoTime:
    """``time.Now``."""
    return now()


@sprig("dateInZone", "date_in_zone", params=("string", "interface {}", "string"), result="string")
def date_in_zone(layout: str, date: Any, zone: str) -> str:
    """Format ``date`` in ``zone`` (unknown zones mean UTC)."""
    tz = load_location(zone) or UTC
    return go_format(in_zone(_as_time(date), tz), layout)


@sprig("date", params=("string", "interface {}"), result="string")
def date(layout: str, v: Any) -> str:
    """Format in the local zone."""
    return date_in_zone(layout, v, "Local")


@sprig("htmlDate", params=("interface {}",), result="string")
def html_date(v: Any) -> str:
    """``2006-01-02`` in the local zone."""
    return date_in_zone("2006-01-02", v, "Local")


@sprig("htmlDateInZone", params=("interface {}", "string"), result="string")
def html_date_in_zone(v: Any, zone: str) -> str:
    """``2006-01-02`` in ``zone``."""
    return date_in_zone("2006-01-02", v, zone)


@sprig("dateModify", "date_modify", params=("string", "time.Time"), result="time.Time")
def date_modify(duration: str, t: GoTime) -> GoTime:
    """``t`` plus a Go duration; an invalid duration leaves ``t`` unchanged."""
    ns = parse_duration(duration)
    if ns is None:
        return t
    total = t.nsec + ns
    secs, nsec = divmod(total, 10**9)
    base = t.dt.replace(microsecond=0) + dt.timedelta(seconds=secs)
    return GoTime(base.replace(microsecond=nsec // 1000), nsec, t.mono)


@sprig("ago", params=("interface {}",), result="string")
def ago(v: Any) -> str:
    """Time since ``v`` rounded to seconds, as a Go duration."""
    t = (
        v
        if isinstance(v, GoTime)
        else (from_unix(int(v)) if type(v) is int or type(v).__name__ == "Int64" else now())
    )
    ns = int((dt.datetime.now(UTC) - t.dt).total_seconds() * 10**9)
    rounded = (abs(ns) + 5 * 10**8) // 10**9 * 10**9
    return format_duration(rounded if ns >= 0 else -rounded)


@sprig("toDate", params=("string", "string"), result="time.Time")
def to_date(layout: str, s: str) -> GoTime:
    """Parse in the local zone; failure gives the zero time."""
    return go_parse(layout, s, local_zone()) or ZERO_TIME


@sprig("unixEpoch", params=("time.Time",), result="string")
def unix_epoch(t: GoTime) -> str:
    """Unix seconds as a string."""
    return str(int(t.dt.timestamp() // 1))
