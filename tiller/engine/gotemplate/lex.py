"""Lexer for Go 1.14 ``text/template``.

Produces the same item stream as Go's state-machine lexer, including its quirks:
the trim markers are exactly ``"{{- "`` and ``" -}}"`` (ASCII space only), a CR or
LF inside an action is ``unclosed action``, and an error item ends the stream.
Positions are code-point offsets into the text; the parser converts them to Go's
byte-based columns only when an error is reported.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Item types, in Go's order (keywords after ITEM_KEYWORD).
ITEM_ERROR = 0
ITEM_BOOL = 1
ITEM_CHAR = 2
ITEM_CHAR_CONSTANT = 3
ITEM_COMPLEX = 4
ITEM_ASSIGN = 5
ITEM_DECLARE = 6
ITEM_EOF = 7
ITEM_FIELD = 8
ITEM_IDENTIFIER = 9
ITEM_LEFT_DELIM = 10
ITEM_LEFT_PAREN = 11
ITEM_NUMBER = 12
ITEM_PIPE = 13
ITEM_RAW_STRING = 14
ITEM_RIGHT_DELIM = 15
ITEM_RIGHT_PAREN = 16
ITEM_SPACE = 17
ITEM_STRING = 18
ITEM_TEXT = 19
ITEM_VARIABLE = 20
ITEM_KEYWORD = 21
ITEM_BLOCK = 22
ITEM_DOT = 23
ITEM_DEFINE = 24
ITEM_ELSE = 25
ITEM_END = 26
ITEM_IF = 27
ITEM_NIL = 28
ITEM_RANGE = 29
ITEM_TEMPLATE = 30
ITEM_WITH = 31

KEYWORDS = {
    ".": ITEM_DOT,
    "block": ITEM_BLOCK,
    "define": ITEM_DEFINE,
    "else": ITEM_ELSE,
    "end": ITEM_END,
    "if": ITEM_IF,
    "range": ITEM_RANGE,
    "nil": ITEM_NIL,
    "template": ITEM_TEMPLATE,
    "with": ITEM_WITH,
}

LEFT_DELIM = "{{"
RIGHT_DELIM = "}}"
LEFT_TRIM = "{{- "
RIGHT_TRIM_DELIM = " -}}"
SPACE_CHARS = " \t\r\n"
_TERMINATORS = frozenset(" \t\r\n.,|:)(}")


_SPACES = re.compile(r"[ \t]*")
_TERM = r"(?=[ \t\r\n.,|:)(}]|\Z)"
_FAST_ACTION = re.compile(
    # a space run ending in " " right before "-}}" is left to lex_space (trim marker)
    r"(?P<sp>[ \t]++)(?!(?<= )-\}\})"
    r"|(?P<id>[A-Za-z_][A-Za-z0-9_]*)"
    + _TERM
    + r"|(?P<fld>\.[A-Za-z_][A-Za-z0-9_]*)"
    + _TERM
    + r"|(?P<var>\$[A-Za-z0-9_]*)"
    + _TERM
    + r'|(?P<str>"(?:[^"\\\n]|\\[^\n])*")'
    + r"|(?P<num>[0-9]+)(?=[ \t\r\n,|:)(}]|\Z)"
    + r"|(?P<pipe>\|)|(?P<lp>\()|(?P<rp>\))|(?P<decl>:=)|(?P<assign>=)|(?P<comma>,)"
)
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9_]*")


class Item(NamedTuple):
    """One lexical item: type, start offset, text (or error message)."""

    typ: int
    pos: int
    val: str

    def describe(self) -> str:
        """Render the item the way Go's ``item.String`` does in parse errors."""
        from .gostrconv import quote

        if self.typ == ITEM_EOF:
            return "EOF"
        if self.typ == ITEM_ERROR:
            return self.val
        if self.typ > ITEM_KEYWORD:
            return f"<{self.val}>"
        if len(self.val.encode("utf-8")) > 10:
            return quote(self.val[:10]) + "..."
        return quote(self.val)


_new_item = tuple.__new__  # builds an Item without the Python-level __new__


def is_alnum(ch: str) -> bool:
    """Go's ``isAlphaNumeric``: underscore, Unicode letter or decimal digit."""
    return ch == "_" or ch.isalpha() or ch.isdecimal()


def format_rune_u(ch: str) -> str:
    """Go's ``%#U`` of a rune: ``U+0029 ')'``."""
    from .gostrconv import is_print

    o = ord(ch)
    text = f"U+{o:04X}"
    if is_print(ch):
        text += f" '{ch}'"
    return text


_FAST_KINDS = {
    "sp": ITEM_SPACE,
    "fld": ITEM_FIELD,
    "var": ITEM_VARIABLE,
    "str": ITEM_STRING,
    "num": ITEM_NUMBER,
    "pipe": ITEM_PIPE,
    "lp": ITEM_LEFT_PAREN,
    "rp": ITEM_RIGHT_PAREN,
    "decl": ITEM_DECLARE,
    "assign": ITEM_ASSIGN,
    "comma": ITEM_CHAR,
}


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.pos = 0
        self.start = 0
        self.paren_depth = 0
        self.items: list[Item] = []

    def emit(self, typ: int) -> None:
        start = self.start
        self.items.append(_new_item(Item, (typ, start, self.text[start : self.pos])))
        self.start = self.pos

    def error(self, msg: str) -> None:
        self.items.append(_new_item(Item, (ITEM_ERROR, self.start, msg)))

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < self.n else ""

    def at_terminator(self) -> bool:
        return self.pos >= self.n or self.text[self.pos] in _TERMINATORS

    def run(self) -> list[Item]:
        state = self.lex_text
        while state is not None:
            state = state()  # type: ignore[assignment]
        return self.items

    # -- states: each returns the next state or None when done -----------------

    def lex_text(self) -> object:
        text = self.text
        x = text.find(LEFT_DELIM, self.pos)
        if x < 0:
            self.pos = self.n
            if self.pos > self.start:
                self.emit(ITEM_TEXT)
            self.emit(ITEM_EOF)
            return None
        end = x
        if text.startswith("- ", x + 2):
            end = len(text[self.start : x].rstrip(SPACE_CHARS)) + self.start
        if end > self.start:
            self.pos = end
            self.emit(ITEM_TEXT)
        self.pos = self.start = x
        return self.lex_left_delim

    def lex_left_delim(self) -> object:
        self.pos += 2
        trim = self.text.startswith("- ", self.pos)
        after = 2 if trim else 0
        if self.text.startswith("/*", self.pos + after):
            self.pos += after
            self.start = self.pos
            return self.lex_comment
        self.emit(ITEM_LEFT_DELIM)
        self.pos += after
        self.start = self.pos
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self) -> object:
        self.pos += 2
        i = self.text.find("*/", self.pos)
        if i < 0:
            self.error("unclosed comment")
            return None
        self.pos = i + 2
        if self.text.startswith(RIGHT_TRIM_DELIM, self.pos):
            self.pos += 4
            self.pos = self._skip_space(self.pos)
        elif self.text.startswith(RIGHT_DELIM, self.pos):
            self.pos += 2
        else:
            self.error("comment ends before closing delimiter")
            return None
        self.start = self.pos
        return self.lex_text

    def _skip_space(self, pos: int) -> int:
        text = self.text
        n = self.n
        while pos < n and text[pos] in SPACE_CHARS:
            pos += 1
        return pos

    def lex_right_delim(self) -> object:
        trim = self.text.startswith(" -", self.pos)
        if trim:
            self.pos += 2
            self.start = self.pos
        self.pos += 2
        self.emit(ITEM_RIGHT_DELIM)
        if trim:
            self.pos = self._skip_space(self.pos)
            self.start = self.pos
        return self.lex_text

    def lex_inside_action(self) -> object:
        # Fast path: common well-formed ASCII tokens via one regex, in a loop. Anything
        # else (numbers with dots/signs, quotes needing care, errors, non-ASCII) goes
        # to the one-token state function below, which mirrors Go's lexer exactly.
        text = self.text
        items = self.items
        match = _FAST_ACTION.match
        while True:
            pos = self.pos
            if text.startswith(RIGHT_DELIM, pos) or text.startswith(RIGHT_TRIM_DELIM, pos):
                if self.paren_depth == 0:
                    return self.lex_right_delim
                self.error("unclosed left paren")
                return None
            m = match(text, pos)
            if m is None:
                state = self.lex_action_token()
                if state != self.lex_inside_action:
                    return state
                continue
            kind = m.lastgroup
            end = m.end()
            val = text[pos:end]
            if kind == "id":
                typ = KEYWORDS.get(val)
                if typ is None:
                    typ = ITEM_BOOL if val in ("true", "false") else ITEM_IDENTIFIER
            else:
                typ = _FAST_KINDS[kind]  # type: ignore[index]
                if typ == ITEM_LEFT_PAREN:
                    self.paren_depth += 1
                elif typ == ITEM_RIGHT_PAREN:
                    self.paren_depth -= 1
                    if self.paren_depth < 0:
                        items.append(_new_item(Item, (typ, pos, val)))
                        self.pos = self.start = end
                        self.error("unexpected right paren " + format_rune_u(")"))
                        return None
            items.append(_new_item(Item, (typ, pos, val)))
            self.pos = self.start = end

    def lex_action_token(self) -> object:
        text = self.text
        pos = self.pos
        if pos >= self.n:
            self.error("unclosed action")
            return None
        r = text[pos]
        self.pos = pos + 1
        if r == "\n" or r == "\r":
            self.error("unclosed action")
            return None
        if r == " " or r == "\t":
            self.pos = pos
            return self.lex_space
        if r == "=":
            self.emit(ITEM_ASSIGN)
        elif r == ":":
            if self.peek() != "=":
                if self.pos < self.n:
                    self.pos += 1
                self.error("expected :=")
                return None
            self.pos += 1
            self.emit(ITEM_DECLARE)
        elif r == "|":
            self.emit(ITEM_PIPE)
        elif r == '"':
            return self.lex_quote
        elif r == "`":
            return self.lex_raw_quote
        elif r == "$":
            return self.lex_variable
        elif r == "'":
            return self.lex_char
        elif r == "." and self.pos < self.n and not ("0" <= text[self.pos] <= "9"):
            return self.lex_field
        elif r in "+-." or "0" <= r <= "9":
            self.pos = pos
            return self.lex_number
        elif is_alnum(r):
            self.pos = pos
            return self.lex_identifier
        elif r == "(":
            self.emit(ITEM_LEFT_PAREN)
            self.paren_depth += 1
        elif r == ")":
            self.emit(ITEM_RIGHT_PAREN)
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.error("unexpected right paren " + format_rune_u(r))
                return None
        elif ord(r) < 0x80 and r.isprintable():
            self.emit(ITEM_CHAR)
        else:
            self.error("unrecognized character in action: " + format_rune_u(r))
            return None
        return self.lex_inside_action

    def lex_space(self) -> object:
        text = self.text
        m = _SPACES.match(text, self.pos)
        assert m is not None
        spaces = m.end() - self.pos
        self.pos = m.end()
        # a trim-marked right delimiter starts with a space: leave it for the delimiter
        if text.startswith(RIGHT_TRIM_DELIM, self.pos - 1):
            self.pos -= 1
            if spaces == 1:
                return self.lex_right_delim
        self.emit(ITEM_SPACE)
        return self.lex_inside_action

    def _scan_alnum(self) -> None:
        text = self.text
        m = _ASCII_ALNUM.match(text, self.pos)
        assert m is not None
        self.pos = m.end()
        # non-ASCII letters and digits follow Go's unicode.IsLetter/IsDigit
        while self.pos < self.n and ord(text[self.pos]) >= 0x80 and is_alnum(text[self.pos]):
            self.pos += 1
            m = _ASCII_ALNUM.match(text, self.pos)
            assert m is not None
            self.pos = m.end()

    def lex_identifier(self) -> object:
        self._scan_alnum()
        if not self.at_terminator():
            self.error("bad character " + format_rune_u(self.text[self.pos]))
            return None
        word = self.text[self.start : self.pos]
        kw = KEYWORDS.get(word)
        if kw is not None:
            self.emit(kw)
        elif word in ("true", "false"):
            self.emit(ITEM_BOOL)
        else:
            self.emit(ITEM_IDENTIFIER)
        return self.lex_inside_action

    def lex_variable(self) -> object:
        if self.at_terminator():
            self.emit(ITEM_VARIABLE)
            return self.lex_inside_action
        return self._field_or_variable(ITEM_VARIABLE)

    def lex_field(self) -> object:
        return self._field_or_variable(ITEM_FIELD)

    def _field_or_variable(self, typ: int) -> object:
        if self.at_terminator():
            self.emit(ITEM_VARIABLE if typ == ITEM_VARIABLE else ITEM_DOT)
            return self.lex_inside_action
        self._scan_alnum()
        if not self.at_terminator():
            self.error("bad character " + format_rune_u(self.text[self.pos]))
            return None
        self.emit(typ)
        return self.lex_inside_action

    def _scan_quoted(self, quote: str, message: str) -> bool:
        text = self.text
        while True:
            if self.pos >= self.n:
                self.error(message)
                return False
            c = text[self.pos]
            self.pos += 1
            if c == "\\":
                if self.pos < self.n and text[self.pos] != "\n":
                    self.pos += 1
                    continue
                if self.pos < self.n:
                    self.pos += 1
                self.error(message)
                return False
            if c == "\n":
                self.error(message)
                return False
            if c == quote:
                return True

    def lex_char(self) -> object:
        if not self._scan_quoted("'", "unterminated character constant"):
            return None
        self.emit(ITEM_CHAR_CONSTANT)
        return self.lex_inside_action

    def lex_quote(self) -> object:
        if not self._scan_quoted('"', "unterminated quoted string"):
            return None
        self.emit(ITEM_STRING)
        return self.lex_inside_action

    def lex_raw_quote(self) -> object:
        end = self.text.find("`", self.pos)
        if end < 0:
            self.pos = self.n
            self.error("unterminated raw quoted string")
            return None
        self.pos = end + 1
        self.emit(ITEM_RAW_STRING)
        return self.lex_inside_action

    def lex_number(self) -> object:
        if not self._scan_number():
            self.error(f"bad number syntax: {_goquote(self.text[self.start : self.pos])}")
            return None
        sign = self.peek()
        if sign in ("+", "-") and sign:
            if not self._scan_number() or self.text[self.pos - 1] != "i":
                self.error(f"bad number syntax: {_goquote(self.text[self.start : self.pos])}")
                return None
            self.emit(ITEM_COMPLEX)
        else:
            self.emit(ITEM_NUMBER)
        return self.lex_inside_action

    def _accept(self, valid: str) -> bool:
        if self.pos < self.n and self.text[self.pos] in valid:
            self.pos += 1
            return True
        return False

    def _accept_run(self, valid: str) -> None:
        while self.pos < self.n and self.text[self.pos] in valid:
            self.pos += 1

    def _scan_number(self) -> bool:
        self._accept("+-")
        digits = "0123456789_"
        if self._accept("0"):
            if self._accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self._accept("oO"):
                digits = "01234567_"
            elif self._accept("bB"):
                digits = "01_"
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if len(digits) == 11 and self._accept("eE"):
            self._accept("+-")
            self._accept_run("0123456789_")
        if len(digits) == 23 and self._accept("pP"):
            self._accept("+-")
            self._accept_run("0123456789_")
        self._accept("i")
        if self.pos < self.n and is_alnum(self.text[self.pos]):
            self.pos += 1
            return False
        return True


def _goquote(s: str) -> str:
    from .gostrconv import quote

    return quote(s)


def lex(text: str) -> list[Item]:
    """Tokenize a template, stopping after the first error item or EOF.

    Args:
        text: the template source.

    Returns:
        The items, the last of which is ``ITEM_EOF`` or ``ITEM_ERROR``.
    """
    return _Lexer(text).run()
