r"""Helm v2's ``--set`` / ``--set-string`` / ``--set-file`` parser (``pkg/strvals``).

A set line is ``name1=value1,name2=value2``. Keys are dotted paths (``a.b.c``),
list elements are addressed with ``[i]`` (``a[0].b``, ``a[0][1]``), ``\\`` escapes the
next character (``a\\.b=c`` sets the key ``a.b``) and ``{x,y}`` is a list value.

Value typing for ``--set`` (Helm's ``typedVal``): ``true``/``false`` in any case are
booleans, ``null`` in any case is nil, ``0`` and base-10 integers that do not start
with ``0`` and fit in int64 are integers (``int64`` in Go, Python ``int`` here), anything
else is a string. ``--set-string`` keeps every value a string; ``--set-file`` replaces
each value by the contents of the file it names.

Error texts are Helm's own (``key "a" has no value``, ``key map "a" has no value``,
``list must terminate with '}'``, ``error parsing index: ...``). Go panics of the
original (a key used both as a map and a scalar) become errors with the text Helm 3
later gave them, since a crash is no behaviour worth copying.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tiller.engine.gotemplate.gostrconv import quote as go_quote

MAX_INDEX = 65536
"""Largest list index accepted (a guard against huge allocations, as in later Helm)."""

RunesToVal = Callable[[str], Any]
"""Turns the raw text of one value into the value to store (may raise StrvalsError)."""

_INT64 = re.compile(r"[+-]?[0-9]+\Z")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class StrvalsError(ValueError):
    """A set line could not be parsed; ``str(err)`` is Helm's message."""


class _EOF(Exception):
    """Go's ``io.EOF``: the input ended (not an error at the top level)."""


class _NotList(Exception):
    """Go's ``ErrNotList``: the value does not start with ``{``."""


def typed_value(text: str, force_string: bool = False) -> Any:
    """Type one ``--set`` value the way Helm v2's ``typedVal`` does.

    Args:
        text: the raw value text (escapes already removed).
        force_string: ``--set-string`` semantics.

    Returns:
        bool, None, int or the text itself.
    """
    if force_string:
        return text
    folded = text.lower()
    if folded == "true":
        return True
    if folded == "false":
        return False
    if folded == "null":
        return None
    if text == "0":
        return 0
    # Go's ParseInt(base 10) accepts a sign but no underscores or spaces, unlike int().
    if text and text[0] != "0" and _INT64.match(text):
        n = int(text)
        if _INT64_MIN <= n <= _INT64_MAX:
            return n
    return text


class _Scanner:
    """A rune reader over the set line with one rune of push-back (Go's bytes.Buffer)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self) -> str:
        if self.pos >= len(self.text):
            raise _EOF
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def unread(self) -> None:
        self.pos -= 1

    def until(self, stop: str) -> tuple[str, str | None]:
        """Read up to a stop rune (consumed); backslash escapes the next rune.

        Returns:
            (text read, the stop rune) or (text read, None) at end of input.
        """
        out: list[str] = []
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            self.pos += 1
            if ch in stop:
                return "".join(out), ch
            if ch == "\\":
                if self.pos >= n:
                    return "".join(out), None
                ch = text[self.pos]
                self.pos += 1
            out.append(ch)
        return "".join(out), None


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    # Helm silently ignores empty keys (e.g. ``=x`` or ``a..b=x``).
    if key:
        data[key] = value


def _set_index(lst: list[Any], index: int, value: Any) -> list[Any]:
    if index < 0:
        raise StrvalsError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        raise StrvalsError(
            f"index of {index} is greater than maximum supported index of {MAX_INDEX}"
        )
    if len(lst) <= index:
        lst = lst + [None] * (index + 1 - len(lst))
    lst[index] = value
    return lst


def _go_atoi(text: str) -> int:
    """``strconv.Atoi`` with its error text."""
    if _INT64.match(text):
        n = int(text)
        if _INT64_MIN <= n <= _INT64_MAX:
            return n
        raise StrvalsError(f"strconv.Atoi: parsing {go_quote(text)}: value out of range")
    raise StrvalsError(f"strconv.Atoi: parsing {go_quote(text)}: invalid syntax")


def _type_name(v: Any) -> str:
    from tiller.engine.gotemplate.govalues import go_type_name

    return "interface {}" if v is None else go_type_name(v)


class _Parser:
    def __init__(self, text: str, data: dict[str, Any], to_val: RunesToVal) -> None:
        self.sc = _Scanner(text)
        self.data = data
        self.to_val = to_val

    def parse(self) -> None:
        try:
            while True:
                self.key(self.data)
        except _EOF:
            return

    def key(self, data: dict[str, Any]) -> None:
        k, last = self.sc.until("=[,.")
        if last is None:
            if not k:
                raise _EOF
            raise StrvalsError(f"key {go_quote(k)} has no value")
        if last == "[":
            i = self.key_index()
            existing = data.get(k, [])
            if k in data and not isinstance(existing, list):
                raise StrvalsError(
                    f"unable to parse key: interface conversion: interface {{}} is "
                    f"{_type_name(existing)}, not []interface {{}}"
                )
            lst = list(existing)
            try:
                lst = self.list_item(lst, i)
            except _EOF:
                # ``a[0]`` with nothing after it: Helm stores the list and stops quietly.
                _set(data, k, lst)
                raise
            _set(data, k, lst)
            return
        if last == "=":
            try:
                values = self.val_list()
            except _EOF:
                _set(data, k, "")
                raise
            except _NotList:
                raw, _ = self.sc.until(",")
                _set(data, k, self.to_val(raw))
                return
            _set(data, k, values)
            return
        if last == ",":
            _set(data, k, "")
            raise StrvalsError(f"key {go_quote(k)} has no value (cannot end with ,)")
        # last == ".": descend into (or create) the nested map.
        inner = data.get(k, {})
        if k in data and not isinstance(inner, dict):
            raise StrvalsError(
                f"unable to parse key: interface conversion: interface {{}} is "
                f"{_type_name(inner)}, not map[string]interface {{}}"
            )
        failure: Exception | None = None
        try:
            self.key(inner)
        except Exception as e:  # noqa: BLE001 - re-raised below, after Helm's own check
            failure = e
        # Helm checks for an empty map before propagating the inner result.
        if not inner:
            raise StrvalsError(f"key map {go_quote(k)} has no value")
        _set(data, k, inner)
        if failure is not None:
            raise failure

    def key_index(self) -> int:
        text, last = self.sc.until("]")
        if last is None:
            raise StrvalsError("error parsing index: EOF")
        try:
            return _go_atoi(text)
        except StrvalsError as e:
            raise StrvalsError(f"error parsing index: {e}") from None

    def list_item(self, lst: list[Any], i: int) -> list[Any]:
        if i < 0:
            raise StrvalsError(f"negative {i} index not allowed")
        k, last = self.sc.until("[.=")
        if k:
            raise StrvalsError(f"unexpected data at end of array index: {go_quote(k)}")
        if last is None:
            raise _EOF
        if last == "=":
            try:
                values = self.val_list()
            except _EOF:
                return _set_index(lst, i, "")
            except _NotList:
                raw, _ = self.sc.until(",")
                return _set_index(lst, i, self.to_val(raw))
            return _set_index(lst, i, values)
        if last == "[":
            j = self.key_index()
            # Helm v2 descends into the *outer* list here (fixed in Helm 3); a copy keeps
            # the usual case (a fresh nested list) identical without aliasing the outer one.
            return _set_index(lst, i, self.list_item(list(lst), j))
        # last == ".": a map element of the list.
        inner: dict[str, Any] = {}
        if len(lst) > i:
            if isinstance(lst[i], dict):
                inner = lst[i]
            else:
                lst[i] = inner
        self.key(inner)
        return _set_index(lst, i, inner)

    def val_list(self) -> list[Any]:
        ch = self.sc.read()
        if ch != "{":
            self.sc.unread()
            raise _NotList
        out: list[Any] = []
        while True:
            raw, last = self.sc.until(",}")
            if last is None:
                raise StrvalsError("list must terminate with '}'")
            if last == "}":
                # A ',' right after '}' is consumed; anything else is left for the next key.
                if self.sc.pos < len(self.sc.text) and self.sc.text[self.sc.pos] == ",":
                    self.sc.pos += 1
                out.append(self.to_val(raw))
                return out
            out.append(self.to_val(raw))


def parse_into(line: str, dest: dict[str, Any], force_string: bool = False) -> None:
    """Merge one ``--set`` (or ``--set-string``) line into ``dest`` (Helm's ParseInto).

    Raises:
        StrvalsError: with Helm's message.
    """
    _Parser(line, dest, lambda raw: typed_value(raw, force_string)).parse()


def parse_into_file(line: str, dest: dict[str, Any], reader: RunesToVal) -> None:
    """Merge one ``--set-file`` line into ``dest``; ``reader`` loads each named file.

    Raises:
        StrvalsError: with Helm's message (or whatever ``reader`` raises).
    """
    _Parser(line, dest, reader).parse()


def parse(line: str, force_string: bool = False) -> dict[str, Any]:
    """Parse one set line into a new map (Helm's Parse / ParseString).

    Raises:
        StrvalsError: with Helm's message.
    """
    out: dict[str, Any] = {}
    parse_into(line, out, force_string)
    return out
