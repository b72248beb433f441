"""``toToml``: BurntSushi/toml v0.3.1's encoder as Helm v2 uses it.

Keys sorted, plain keys before sub-tables, nested table bodies indented two spaces per
level, floats always with a fraction (``80.0``), nil values skipped, and the v0.3.1
error texts (returned as the function's result, as Helm does).
"""

from __future__ import annotations

from typing import Any

from tiller.engine.gotemplate.gostrconv import format_float, quote

from ._go import GoStruct


class TOMLError(Exception):
    """An encoder panic of type tomlEncodeError (message is Go's text)."""


_REPLACE = {"\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _items(v: Any) -> list[tuple[str, Any]]:
    if isinstance(v, GoStruct):
        return [(n, getattr(v, n, None)) for n in type(v)._go_fields]
    return [(str(k), x) for k, x in v.items()]


def _is_table(v: Any) -> bool:
    return isinstance(v, (dict, GoStruct))


def _toml_type(v: Any) -> str | None:
    # tomlTypeOfGo.
    if v is None:
        return None
    if isinstance(v, bool):
        return "Boolean"
    if isinstance(v, int):
        return "Integer"
    if isinstance(v, float):
        return "Float"
    if isinstance(v, str):
        return "String"
    if _is_table(v):
        return "Hash"
    if isinstance(v, (list, tuple)):
        return "ArrayHash" if _array_type(v) == "Hash" else "Array"
    if callable(getattr(v, "go_toml", None)):
        return "Datetime"
    raise TOMLError(f"unexpected reflect.Kind: {type(v).__name__}")


def _array_type(v: Any) -> str | None:
    if not v:
        return None
    first = _toml_type(v[0])
    if first is None:
        raise TOMLError("toml: cannot encode array with nil element")
    for elem in v[1:]:
        t = _toml_type(elem)
        if t is None:
            raise TOMLError("toml: cannot encode array with nil element")
        if t != first:
            raise TOMLError("toml: cannot encode array with mixed element types")
    if first in ("Array", "ArrayHash") and _array_type(v[0]) in ("Hash", "ArrayHash"):
        raise TOMLError("toml: TOML array element cannot contain a table")
    return first


def _bare(k: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "_-") for c in k)


def _qkey(k: str) -> str:
    return k if _bare(k) else quote(k)


class _Encoder:
    def __init__(self) -> None:
        self.out: list[str] = []

    def w(self, s: str) -> None:
        self.out.append(s)

    def newline(self) -> None:
        if self.out:
            self.w("\n")

    def check_key(self, key: list[str]) -> None:
        if any(k == "" for k in key):
            shown = ".".join(_qkey(k) for k in key)
            raise TOMLError(
                f"toml: Key '{shown}' is not a valid table name. Key names cannot be empty."
            )

    def encode(self, key: list[str], v: Any) -> None:
        if v is None:
            return
        if _is_table(v):
            self.table(key, v)
        elif isinstance(v, (list, tuple)) and _toml_type(v) == "ArrayHash":
            self.array_of_tables(key, v)
        else:
            self.key_eq(key, v)

    def key_eq(self, key: list[str], v: Any) -> None:
        if not key:
            raise TOMLError("toml: top-level values must be Go maps or structs")
        self.check_key(key)
        self.w("  " * (len(key) - 1) + _qkey(key[-1]) + " = ")
        self.element(v)
        self.newline()

    def element(self, v: Any) -> None:
        custom = getattr(v, "go_toml", None)
        if callable(custom):
            self.w(str(custom()))
        elif isinstance(v, bool):
            self.w("true" if v else "false")
        elif isinstance(v, int):
            self.w(str(int(v)))
        elif isinstance(v, float):
            text = format_float(v, "f", -1, 64)
            self.w(text if "." in text else text + ".0")
        elif isinstance(v, str):
            self.w('"' + "".join(_REPLACE.get(c, c) for c in v) + '"')
        elif isinstance(v, (list, tuple)):
            self.w("[")
            for i, x in enumerate(v):
                self.element(x)
                if i != len(v) - 1:
                    self.w(", ")
            self.w("]")
        elif _is_table(v):
            self.body([], v)
        else:
            raise TOMLError(f"toml: unexpected primitive type: {type(v).__name__}")

    def table(self, key: list[str], v: Any) -> None:
        self.check_key(key)
        if len(key) == 1:
            self.newline()
        if key:
            self.w("  " * (len(key) - 1) + "[" + ".".join(_qkey(k) for k in key) + "]")
            self.newline()
        self.body(key, v)

    def body(self, key: list[str], v: Any) -> None:
        items = _items(v)
        if isinstance(v, GoStruct):
            direct = [kv for kv in items if not _is_sub(kv[1])]
            sub = [kv for kv in items if _is_sub(kv[1])]
        else:
            direct = sorted((kv for kv in items if not _is_sub(kv[1])), key=lambda kv: kv[0])
            sub = sorted((kv for kv in items if _is_sub(kv[1])), key=lambda kv: kv[0])
        for k, x in direct + sub:
            self.encode([*key, k], x)

    def array_of_tables(self, key: list[str], v: Any) -> None:
        if not key:
            raise TOMLError("toml: top-level values must be Go maps or structs")
        for t in v:
            if t is None:
                continue
            self.check_key(key)
            self.newline()
            self.w("  " * (len(key) - 1) + "[[" + ".".join(_qkey(k) for k in key) + "]]")
            self.newline()
            self.body(key, t)


def _is_sub(v: Any) -> bool:
    return _toml_type(v) in ("Hash", "ArrayHash")


def to_toml(v: Any) -> str:
    """Helm ``toToml``: the TOML text, or the encoder's error text."""
    enc = _Encoder()
    try:
        enc.encode([], v)
    except TOMLError as e:
        return str(e)
    return "".join(enc.out)
