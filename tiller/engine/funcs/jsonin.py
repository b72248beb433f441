"""``json.Unmarshal`` into ``interface{}``/maps with Go's exact syntax error texts.

Go checks the whole input with its scanner before decoding, so a syntax error is
reported as e.g. ``invalid character 'x' looking for beginning of value`` or
``unexpected end of JSON input``; this module reproduces that scanner's messages.
"""

from __future__ import annotations

import json
from typing import Any

from tiller.engine.gotemplate.gostrconv import quote_rune


class JSONSyntaxError(ValueError):
    """A Go ``json`` decoding error (message is Go's text)."""


_WS = " \t\r\n"


def _quote_char(c: str) -> str:
    # encoding/json quoteChar.
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    return quote_rune(ord(c))


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def fail(self, c: str | None, context: str) -> JSONSyntaxError:
        if c is None:
            return JSONSyntaxError("unexpected end of JSON input")
        return JSONSyntaxError(f"invalid character {_quote_char(c)} {context}")

    def peek(self) -> str | None:
        while self.i < len(self.s) and self.s[self.i] in _WS:
            self.i += 1
        return self.s[self.i] if self.i < len(self.s) else None

    def value(self) -> None:
        c = self.peek()
        if c is None:
            raise self.fail(None, "")
        if c == "{":
            self.i += 1
            if self.peek() == "}":
                self.i += 1
                return
            while True:
                c = self.peek()
                if c != '"':
                    raise self.fail(c, "looking for beginning of object key string")
                self.string()
                c = self.peek()
                if c != ":":
                    raise self.fail(c, "after object key")
                self.i += 1
                self.value()
                c = self.peek()
                self.i += 1
                if c == "}":
                    return
                if c != ",":
                    raise self.fail(c, "after object key:value pair")
        elif c == "[":
            self.i += 1
            if self.peek() == "]":
                self.i += 1
                return
            while True:
                self.value()
                c = self.peek()
                self.i += 1
                if c == "]":
                    return
                if c != ",":
                    raise self.fail(c, "after array element")
        elif c == '"':
            self.string()
        elif c == "-" or c.isdigit():
            self.number()
        else:
            for word in ("true", "false", "null"):
                if c == word[0]:
                    self.literal(word)
                    return
            raise self.fail(c, "looking for beginning of value")

    def literal(self, word: str) -> None:
        for want in word:
            c = self.s[self.i] if self.i < len(self.s) else None
            if c != want:
                raise self.fail(c, f"in literal {word} (expecting {_quote_char(want)})")
            self.i += 1

    def number(self) -> None:
        # Go scanner states: '-' needs a digit; '0' ends the integer part; '.' and
        # 'e' need digits.  Whatever follows is judged by the enclosing context.
        s, n = self.s, len(self.s)

        def at(k: int) -> str | None:
            return s[k] if k < n else None

        i = self.i
        if s[i] == "-":
            i += 1
            c = at(i)
            if c is None:
                raise self.fail(None, "")
            if not c.isdigit():
                raise self.fail(c, "in numeric literal")
        if s[i] == "0":
            i += 1
        else:
            while i < n and s[i].isdigit():
                i += 1
        if at(i) == ".":
            i += 1
            c = at(i)
            if c is None:
                raise self.fail(None, "")
            if not c.isdigit():
                raise self.fail(c, "after decimal point in numeric literal")
            while i < n and s[i].isdigit():
                i += 1
        if at(i) in ("e", "E"):
            i += 1
            if at(i) in ("+", "-"):
                i += 1
            c = at(i)
            if c is None:
                raise self.fail(None, "")
            if not c.isdigit():
                raise self.fail(c, "in exponent of numeric literal")
            while i < n and s[i].isdigit():
                i += 1
        self.i = i

    def string(self) -> None:
        self.i += 1
        while True:
            if self.i >= len(self.s):
                raise self.fail(None, "")
            c = self.s[self.i]
            self.i += 1
            if c == '"':
                return
            if c == "\\":
                e = self.s[self.i] if self.i < len(self.s) else None
                if e is None:
                    raise self.fail(None, "")
                self.i += 1
                if e == "u":
                    for _ in range(4):
                        h = self.s[self.i] if self.i < len(self.s) else None
                        if h is None:
                            raise self.fail(None, "")
                        if h not in "0123456789abcdefABCDEF":
                            raise self.fail(h, "in \\u hexadecimal character escape")
                        self.i += 1
                elif e not in '"\\/bfnrt':
                    raise self.fail(e, "in string escape code")
            elif c < " ":
                raise self.fail(c, "in string literal")


def _fix_surrogates(v: Any) -> Any:
    if isinstance(v, str):
        # Go decodes an unpaired surrogate escape as U+FFFD.
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in v)
    if isinstance(v, list):
        return [_fix_surrogates(x) for x in v]
    if isinstance(v, dict):
        return {_fix_surrogates(k): _fix_surrogates(x) for k, x in v.items()}
    return v


def _go_float(text: str) -> float:
    f = float(text)
    if f in (float("inf"), float("-inf")):
        raise JSONSyntaxError(f"json: cannot unmarshal number {text} into Go value of type float64")
    return f


def go_json_decode(text: str) -> Any:
    """``json.Unmarshal`` into ``interface{}`` (numbers are float64).

    Raises:
        JSONSyntaxError: With Go's message.
    """
    sc = _Scanner(text)
    sc.value()
    c = sc.peek()
    if c is not None:
        raise sc.fail(c, "after top-level value")
    value = json.loads(text, parse_int=_go_float, parse_float=_go_float)
    return _fix_surrogates(value)
