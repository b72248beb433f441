"""Go ``time`` essentials for Sprig's date functions: Time values, layouts, durations."""

from __future__ import annotations

import datetime as dt
import re
import time as _time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._go import GoStruct, gofunc
from .jsonout import json_string

_MONO0 = _time.monotonic()
UTC = dt.UTC

# Layout elements, longest first where prefixes overlap (Go's nextStdChunk order).
_STD = re.compile(
    r"January|Jan|Monday|Mon|MST|2006|-07:00:00|-070000|-07:00|-0700|-07|"
    r"Z07:00:00|Z070000|Z07:00|Z0700|Z07|01|02|03|04|05|06|_2|15|PM|pm|"
    r"[.,](?:0+|9+)(?![0-9])|1|2|3|4|5"
)


class GoTime(GoStruct):
    """A Go ``time.Time`` (aware datetime plus nanoseconds and optional monotonic reading)."""

    _go_type = "time.Time"

    def __init__(self, when: dt.datetime, nsec: int | None = None, mono: float | None = None):
        super().__init__()
        self.dt = when
        self.nsec = when.microsecond * 1000 if nsec is None else nsec
        self.mono = mono

    @gofunc("String", result="string")
    def go_string(self) -> str:
        """``2006-01-02 15:04:05.999999999 -0700 MST`` (+ monotonic ``m=+S``)."""
        s = go_format(self, "2006-01-02 15:04:05.999999999 -0700 MST")
        if self.mono is not None:
            s += f" m=+{self.mono:.9f}"
        return s

    @gofunc("Unix", result="int64")
    def go_unix(self) -> int:
        """Seconds since the epoch."""
        return int(self.dt.timestamp() // 1)

    @gofunc("Format", params=("string",), result="string")
    def go_format_method(self, layout: str) -> str:
        """``Time.Format``."""
        return go_format(self, layout)

    def go_json(self) -> str:
        """MarshalJSON: RFC 3339 with nanoseconds."""
        return json_string(go_format(self, "2006-01-02T15:04:05.999999999Z07:00"))

    def go_toml(self) -> str:
        """BurntSushi's TOML datetime (UTC)."""
        return go_format(in_zone(self, UTC), "2006-01-02T15:04:05Z")


def now() -> GoTime:
    """``time.Now()`` in the local zone, with a monotonic reading."""
    return GoTime(dt.datetime.now().astimezone(), None, _time.monotonic() - _MONO0)


def from_unix(sec: int) -> GoTime:
    """``time.Unix(sec, 0)`` in the local zone."""
    return GoTime(dt.datetime.fromtimestamp(sec, UTC).astimezone(local_zone()), 0)


def local_zone() -> dt.tzinfo:
    """The machine's local zone (what Go's ``time.Local`` is)."""
    tz = dt.datetime.now().astimezone().tzinfo
    return tz if tz is not None else UTC


def load_location(name: str) -> dt.tzinfo | None:
    """``time.LoadLocation``; None when unknown."""
    if name in ("", "UTC"):
        return UTC
    if name == "Local":
        return local_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def in_zone(t: GoTime, tz: dt.tzinfo) -> GoTime:
    """``Time.In``."""
    return GoTime(t.dt.astimezone(tz), t.nsec)


def _offset(t: GoTime, colon: bool, secs: bool, short: bool, z: bool) -> str:
    off = t.dt.utcoffset() or dt.timedelta(0)
    total = int(off.total_seconds())
    if z and total == 0:
        return "Z"
    sign = "-" if total < 0 else "+"
    total = abs(total)
    h, m, s = total // 3600, total // 60 % 60, total % 60
    out = f"{sign}{h:02d}"
    if not short:
        out += (":" if colon else "") + f"{m:02d}"
    if secs:
        out += (":" if colon else "") + f"{s:02d}"
    return out


def go_format(t: GoTime, layout: str) -> str:
    """``Time.Format`` with Go's reference-time layout."""
    d = t.dt
    out: list[str] = []
    pos = 0
    for m in _STD.finditer(layout):
        out.append(layout[pos : m.start()])
        pos = m.end()
        tok = m[0]
        if tok[0] in ".," and len(tok) > 1:
            digits = f"{t.nsec:09d}"[: len(tok) - 1]
            if tok[1] == "9":
                digits = digits.rstrip("0")
                out.append(tok[0] + digits if digits else "")
            else:
                out.append(tok[0] + digits)
            continue
        hour12 = d.hour % 12 or 12
        zname = d.tzname() or _offset(t, False, False, False, False)
        out.append(
            {
                "January": _MONTHS[d.month - 1],
                "Jan": _MONTHS[d.month - 1][:3],
                "Monday": _DAYS[d.weekday()],
                "Mon": _DAYS[d.weekday()][:3],
                "MST": zname,
                "2006": f"{d.year:04d}",
                "06": f"{d.year % 100:02d}",
                "01": f"{d.month:02d}",
                "1": str(d.month),
                "02": f"{d.day:02d}",
                "_2": f"{d.day:2d}",
                "2": str(d.day),
                "15": f"{d.hour:02d}",
                "03": f"{hour12:02d}",
                "3": str(hour12),
                "04": f"{d.minute:02d}",
                "4": str(d.minute),
                "05": f"{d.second:02d}",
                "5": str(d.second),
                "PM": "PM" if d.hour >= 12 else "AM",
                "pm": "pm" if d.hour >= 12 else "am",
            }.get(tok)
            or _zone_token(t, tok)
        )
    out.append(layout[pos:])
    return "".join(out)


_ZONES = {  # token body -> (colon, seconds, hours only)
    "-0700": (False, False, False),
    "-07:00": (True, False, False),
    "-07": (False, False, True),
    "-070000": (False, True, False),
    "-07:00:00": (True, True, False),
}


def _zone_token(t: GoTime, tok: str) -> str:
    z = tok.startswith("Z")
    colon, secs, short = _ZONES["-" + tok[1:] if z else tok]
    return _offset(t, colon, secs, short, z)


_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_UNITS = {"ns": 1, "us": 1000, "µs": 1000, "μs": 1000, "ms": 10**6, "s": 10**9,
          "m": 60 * 10**9, "h": 3600 * 10**9}  # fmt: skip


def parse_duration(s: str) -> int | None:
    """``time.ParseDuration`` in nanoseconds; None on error."""
    m = re.fullmatch(r"([-+]?)((?:[0-9]*(?:\.[0-9]*)?(?:ns|us|µs|μs|ms|s|m|h))+|0)", s)
    if not m:
        return None
    if m[2] == "0":
        return 0
    total = 0.0
    for num, unit in re.findall(r"([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)", m[2]):
        if num in ("", "."):
            return None
        total += float(num) * _UNITS[unit]
    if total > 2**63 - 1:
        return None
    return -int(total) if m[1] == "-" else int(total)


def format_duration(ns: int) -> str:
    """``Duration.String`` (``2h3m4s``, ``1.5s``, ``0s``)."""
    if ns == 0:
        return "0s"
    neg = ns < 0
    u = abs(ns)
    if u < 10**9:
        for unit, scale in (("ns", 1), ("µs", 1000), ("ms", 10**6)):
            if u < scale * 1000:
                whole, frac = divmod(u, scale)
                fs = f"{frac:0{len(str(scale)) - 1}d}".rstrip("0") if scale > 1 else ""
                s = f"{whole}" + (f".{fs}" if fs else "") + unit
                break
    else:
        secs, frac = divmod(u, 10**9)
        fs = f"{frac:09d}".rstrip("0")
        h, rem = divmod(secs, 3600)
        mi, se = divmod(rem, 60)
        s = f"{se}" + (f".{fs}" if fs else "") + "s"
        if h or mi:
            s = f"{mi}m" + s
        if h:
            s = f"{h}h" + s
    return ("-" if neg else "") + s


_PARSE = {
    "January": r"(?P<month_name>" + "|".join(_MONTHS) + ")",
    "Jan": r"(?P<mon>" + "|".join(m[:3] for m in _MONTHS) + ")",
    "Monday": "(?:" + "|".join(_DAYS) + ")",
    "Mon": "(?:" + "|".join(d[:3] for d in _DAYS) + ")",
    "MST": r"(?P<zname>[A-Z]{3,5}|[+-][0-9]{2,4})",
    "2006": r"(?P<year>[0-9]{4})",
    "06": r"(?P<yy>[0-9]{2})",
    "01": r"(?P<month>[0-9]{2})",
    "1": r"(?P<month>[0-9]{1,2})",
    "02": r"(?P<day>[0-9]{2})",
    "_2": r" ?(?P<day>[0-9]{1,2})",
    "2": r"(?P<day>[0-9]{1,2})",
    "15": r"(?P<hour>[0-9]{1,2})",
    "03": r"(?P<hour12>[0-9]{2})",
    "3": r"(?P<hour12>[0-9]{1,2})",
    "04": r"(?P<minute>[0-9]{2})",
    "4": r"(?P<minute>[0-9]{1,2})",
    "05": r"(?P<second>[0-9]{2})(?P<frac0>\.[0-9]+)?",
    "5": r"(?P<second>[0-9]{1,2})(?P<frac0>\.[0-9]+)?",
    "PM": r"(?P<ampm>AM|PM)",
    "pm": r"(?P<ampm>am|pm)",
}


def go_parse(layout: str, value: str, loc: dt.tzinfo) -> GoTime | None:
    """``time.ParseInLocation`` for the common layout elements; None on failure."""
    parts: list[str] = []
    pos = 0
    seen: set[str] = set()
    for m in _STD.finditer(layout):
        parts.append(re.escape(layout[pos : m.start()]))
        pos = m.end()
        tok = m[0]
        if tok[0] in ".,":
            rx = (
                rf"(?P<frac>\.[0-9]{{{len(tok) - 1}}})" if tok[1] == "0" else r"(?P<frac>\.[0-9]+)?"
            )
        elif tok in _PARSE:
            rx = _PARSE[tok]
        else:
            z = tok.startswith("Z")
            colon, secs, short = _ZONES["-" + tok[1:] if z else tok]
            body = "[+-][0-9]{2}" + ("" if short else (":" if colon else "") + "[0-9]{2}")
            body += ((":" if colon else "") + "[0-9]{2}") if secs else ""
            rx = f"(?P<off>{'Z|' if z else ''}{body})"
        name = re.match(r"\(\?P<(\w+)>", rx)
        if name and name[1] in seen:
            rx = re.sub(r"\?P<\w+>", "?:", rx)
        elif name:
            seen.add(name[1])
        parts.append(rx)
    parts.append(re.escape(layout[pos:]))
    found = re.fullmatch("".join(parts), value)
    if found is None:
        return None
    g = found.groupdict()
    year = int(g["year"]) if g.get("year") else 0
    if g.get("yy"):
        yy = int(g["yy"])
        year = yy + (1900 if yy >= 69 else 2000)
    month = 1
    if g.get("month"):
        month = int(g["month"])
    elif g.get("month_name"):
        month = _MONTHS.index(g["month_name"]) + 1
    elif g.get("mon"):
        month = [x[:3] for x in _MONTHS].index(g["mon"]) + 1
    day = int(g["day"]) if g.get("day") else 1
    hour = int(g["hour"]) if g.get("hour") else 0
    if g.get("hour12"):
        hour = int(g["hour12"])
        if hour > 12:
            return None
        if g.get("ampm", "").upper() == "PM" and hour < 12:
            hour += 12
        elif g.get("ampm", "").upper() == "AM" and hour == 12:
            hour = 0
    minute = int(g["minute"]) if g.get("minute") else 0
    second = int(g["second"]) if g.get("second") else 0
    frac = g.get("frac") or g.get("frac0") or ""
    nsec = int((frac[1:] + "000000000")[:9]) if len(frac) > 1 else 0
    tz: dt.tzinfo = loc
    off = g.get("off")
    if off:
        if off == "Z":
            tz = UTC
        else:
            digits = off[1:].replace(":", "")
            secs_off = int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60 + int(digits[4:6] or 0)
            tz = dt.timezone(dt.timedelta(seconds=-secs_off if off[0] == "-" else secs_off))
    elif g.get("zname") == "UTC":
        tz = UTC
    try:
        if year < 1 or hour > 23 or minute > 59 or second > 59:
            return None
        when = dt.datetime(year, month, day, hour, minute, second, nsec // 1000, tzinfo=tz)
    except ValueError:
        return None
    return GoTime(when, nsec)


ZERO_TIME = GoTime(dt.datetime(1, 1, 1, tzinfo=UTC), 0)
"""Go's zero ``time.Time`` (what failed parses return)."""
