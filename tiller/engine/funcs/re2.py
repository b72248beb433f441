r"""Translate Go RE2 syntax into an equivalent Python ``re`` pattern, or refuse.

Differences handled: ``$`` means end of text unless ``(?m)``; ``\z``; ``\Q..\E``;
ASCII-only ``\d \w \s \b``; POSIX ``[[:alpha:]]``; octal and ``\x{...}`` escapes;
flags set in the middle of a group (Go applies them to the rest of the group).
Constructs Go rejects (lookarounds, backreferences, ``(?<name>``) raise Go's parse
error; constructs Python cannot express faithfully (``\p{..}`` classes, ``(?U)``,
``\C``) raise :class:`Unsupported`.
"""

from __future__ import annotations

import re

from tiller.engine.gotemplate.gostrconv import can_backquote, quote

WORD = "0-9A-Za-z_"
_PERL = {"d": "0-9", "s": "\\t\\n\\f\\r ", "w": WORD}
_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": WORD,
    "xdigit": "0-9A-Fa-f",
}
_SIMPLE_ESC = {"a": "\\x07", "f": "\\x0c", "t": "\\t", "n": "\\n", "r": "\\r", "v": "\\x0b"}
_B = f"(?:(?<=[{WORD}])(?![{WORD}])|(?<![{WORD}])(?=[{WORD}]))"
_NB = f"(?:(?<=[{WORD}])(?=[{WORD}])|(?<![{WORD}])(?![{WORD}]))"


class GoRegexpError(ValueError):
    """Go's ``regexp.Compile`` error (``error parsing regexp: CODE: `EXPR```)."""


class Unsupported(ValueError):
    """Valid RE2 that this translation cannot reproduce exactly."""


def _err(code: str, expr: str) -> GoRegexpError:
    return GoRegexpError(f"error parsing regexp: {code}: `{expr}`")


def _lit(cp: int) -> str:
    return f"\\U{cp:08x}" if cp > 0xFFFF else (f"\\u{cp:04x}" if cp > 0xFF else f"\\x{cp:02x}")


class _Translator:
    def __init__(self, pat: str) -> None:
        self.p = pat
        self.i = 0
        self.out: list[str] = []
        # Per open group: (flags applied mid-group, multiline state on entry).
        self.levels: list[list[str]] = [[]]
        self.multiline: list[bool] = [False]

    def escape(self, in_class: bool) -> str:
        """Translate the escape at self.i (pointing after the backslash)."""
        p = self.p
        if self.i >= len(p):
            raise _err("trailing backslash at end of expression", "")
        c = p[self.i]
        self.i += 1
        if c in "1234567" and not (self.i < len(p) and p[self.i] in "01234567"):
            raise _err("invalid escape sequence", "\\" + c)
        if c in "01234567":
            digits = c
            while len(digits) < 3 and self.i < len(p) and p[self.i] in "01234567":
                digits += p[self.i]
                self.i += 1
            return _lit(int(digits, 8))
        if c == "x":
            if self.i < len(p) and p[self.i] == "{":
                end = p.find("}", self.i)
                body = p[self.i + 1 : end] if end > 0 else ""
                if end < 0 or not re.fullmatch(r"[0-9a-fA-F]+", body) or int(body, 16) > 0x10FFFF:
                    raise _err(
                        "invalid escape sequence", p[self.i - 2 : end + 1 if end > 0 else None]
                    )
                self.i = end + 1
                return _lit(int(body, 16))
            body = p[self.i : self.i + 2]
            if not re.fullmatch(r"[0-9a-fA-F]{2}", body):
                raise _err("invalid escape sequence", "\\x" + body)
            self.i += 2
            return _lit(int(body, 16))
        if c in _SIMPLE_ESC:
            return _SIMPLE_ESC[c]
        if c.lower() in _PERL:
            body = _PERL[c.lower()]
            if in_class:
                if c.isupper():
                    raise Unsupported("negated Perl class inside a bracket expression")
                return body
            return f"[{'^' if c.isupper() else ''}{body}]"
        if not in_class and c in "AbBz":
            return {"A": "\\A", "b": _B, "B": _NB, "z": "\\Z"}[c]
        if c in "pPC":
            raise Unsupported(f"\\{c} is not supported")
        if c.isascii() and not c.isalnum():
            return "\\" + c
        raise _err("invalid escape sequence", "\\" + c)

    def char_class(self) -> str:
        p = self.p
        start = self.i - 1
        neg = self.i < len(p) and p[self.i] == "^"
        if neg:
            self.i += 1
        items: list[str] = []
        first = True
        while True:
            if self.i >= len(p):
                raise _err("missing closing ]", p[start:])
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if p.startswith("[:", self.i):
                end = p.find(":]", self.i + 2)
                name = p[self.i + 2 : end] if end > 0 else ""
                if name.startswith("^"):
                    raise Unsupported("negated POSIX class")
                if name in _POSIX:
                    items.append(_POSIX[name])
                    self.i = end + 2
                    continue
                if end > 0:
                    raise _err("invalid character class range", p[self.i : end + 2])
            if p[self.i] == "\\" and p[self.i + 1 : self.i + 2].lower() in _PERL:
                # A Perl class (\w, \d, \s) is never a range start: RE2 reads a "-"
                # after it as a literal, so [\w-.] is word characters, "-" and ".".
                self.i += 1
                items.append(self.escape(in_class=True))
                continue
            lo = self.class_atom()
            if (
                self.i + 1 < len(p)
                and p[self.i] == "-"
                and p[self.i + 1] != "]"
                and not lo.startswith("[")
            ):
                self.i += 1
                hi = self.class_atom()
                items.append(f"{lo}-{hi}")
            else:
                items.append(lo)
        return "[" + ("^" if neg else "") + "".join(items) + "]"

    def class_atom(self) -> str:
        c = self.p[self.i]
        self.i += 1
        if c == "\\":
            return self.escape(in_class=True)
        return c if c.isalnum() else _lit(ord(c))

    def group(self) -> None:
        p = self.p
        if p.startswith("(?P<", self.i):
            end = p.find(">", self.i)
            name = p[self.i + 4 : end] if end > 0 else ""
            if end < 0 or not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise _err("invalid named capture", p[self.i : end + 1 if end > 0 else None])
            self.out.append(f"(?P<{name}>")
            self.i = end + 1
            self.open(capture=True)
            return
        if p.startswith("(?", self.i):
            m = re.compile(r"\(\?([imsU]*)(?:-([imsU]*))?([:)])").match(p, self.i)
            if not m or (m[2] is not None and not m[2]) or not (m[1] or m[2] or m[3] == ":"):
                raise _err("invalid or unsupported Perl syntax", p[self.i : self.i + 3])
            on, off = m[1], m[2] or ""
            if "U" in on + off:
                raise Unsupported("(?U) ungreedy mode")
            flags = on + ("-" + off if off else "")
            self.i = m.end()
            ml = self.multiline[-1]
            if "m" in on:
                ml = True
            if "m" in off:
                ml = False
            if m[3] == ":":
                self.out.append(f"(?{flags}:" if flags else "(?:")
                self.open(capture=False)
                self.multiline[-1] = ml
            elif flags:
                self.out.append(f"(?{flags}:")
                self.levels[-1].append(flags)
                self.multiline[-1] = ml
            return
        self.i += 1
        self.out.append("(")
        self.open(capture=True)

    def open(self, capture: bool) -> None:
        self.levels.append([])
        self.multiline.append(self.multiline[-1])

    def translate(self) -> str:
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            if c == "\\":
                if p.startswith("\\Q", self.i):
                    end = p.find("\\E", self.i + 2)
                    text = p[self.i + 2 : end if end >= 0 else None]
                    self.out.append("".join(_lit(ord(x)) for x in text))
                    self.i = len(p) if end < 0 else end + 2
                    continue
                self.i += 1
                self.out.append(self.escape(in_class=False))
            elif c == "[":
                self.i += 1
                self.out.append(self.char_class())
            elif c == "(":
                self.group()
            elif c == ")":
                if len(self.levels) == 1:
                    raise _err("unexpected )", p)
                self.out.append(")" * len(self.levels.pop()) + ")")
                self.multiline.pop()
                self.i += 1
            elif c == "|":
                pending = self.levels[-1]
                self.out.append(")" * len(pending) + "|" + "".join(f"(?{f}:" for f in pending))
                self.i += 1
            elif c == "$":
                self.out.append("$" if self.multiline[-1] else "\\Z")
                self.i += 1
            elif c == "{":
                m = re.compile(r"\{([0-9]+)(,([0-9]*))?\}").match(p, self.i)
                if m:
                    lo = int(m[1])
                    hi = int(m[3]) if m[3] else lo
                    if lo > 1000 or hi > 1000 or (m[3] and hi < lo):
                        raise _err("invalid repeat count", m[0])
                    self.out.append(m[0])
                    self.i = m.end()
                else:
                    self.out.append("\\{")
                    self.i += 1
            else:
                self.out.append(c)
                self.i += 1
        if len(self.levels) > 1:
            raise _err("missing closing )", p)
        return "".join(self.out) + ")" * len(self.levels[0])


_CACHE: dict[str, re.Pattern[str]] = {}


def compile_go(pattern: str) -> re.Pattern[str]:
    """Compile an RE2 pattern with Go semantics.

    Raises:
        GoRegexpError: When Go's regexp.Compile would fail.
        Unsupported: When the pattern is valid Go but not translatable.
    """
    cached = _CACHE.get(pattern)
    if cached is not None:
        return cached
    py = _Translator(pattern).translate()
    try:
        compiled = re.compile(py)
    except re.error as e:
        msg = str(e)
        if "nothing to repeat" in msg:
            raise _err(
                "missing argument to repetition operator", pattern[e.pos or 0 :][:1]
            ) from None
        if "multiple repeat" in msg:
            raise _err("invalid nested repetition operator", pattern) from None
        if "bad character range" in msg:
            raise _err("invalid character class range", pattern) from None
        raise _err("invalid or unsupported Perl syntax", pattern) from None
    _CACHE[pattern] = compiled
    return compiled


def compile_panic_text(pattern: str, err: Exception) -> str:
    """``regexp.MustCompile``'s panic message."""
    shown = "`" + pattern + "`" if can_backquote(pattern) else quote(pattern)
    return f"regexp: Compile({shown}): {err}"
