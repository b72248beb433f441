"""Parse tree nodes, printed exactly like Go's ``parse.Node.String``.

The printed form matters: execution errors quote the failing node
(``executing "x" at <.Values.a.b>: ...``).
"""

from __future__ import annotations

from typing import Any

from .gostrconv import quote

# Plain classes, not dataclasses: importing ``dataclasses`` and generating the classes
# costs a one-shot ``helm-tui template`` several ms.


class TreeInfo:
    """What nodes need to know about the file they came from (for error context)."""

    __slots__ = ("parse_name", "text")

    def __init__(self, parse_name: str, text: str) -> None:
        self.parse_name = parse_name
        self.text = text

    def __eq__(self, other: object) -> bool:
        if type(other) is not TreeInfo:
            return NotImplemented
        return (self.parse_name, self.text) == (other.parse_name, other.text)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"TreeInfo(parse_name={self.parse_name!r}, text={self.text!r})"

    def location(self, pos: int) -> str:
        """Go's ``ErrorContext`` location ``NAME:LINE:COL`` (COL is a byte offset)."""
        text = self.text
        line_start = text.rfind("\n", 0, pos) + 1
        line = text.count("\n", 0, pos) + 1
        col = len(text[line_start:pos].encode("utf-8", "surrogateescape"))
        return f"{self.parse_name}:{line}:{col}"

    def line_of(self, pos: int) -> int:
        """1-based line number of a position."""
        return self.text.count("\n", 0, pos) + 1


class Node:
    """Base class of all parse tree nodes."""

    __slots__ = ("pos", "tree")

    def __init__(self, pos: int, tree: TreeInfo) -> None:
        self.pos = pos
        self.tree = tree


class ListNode(Node):
    """A sequence of nodes."""

    __slots__ = ("nodes",)

    def __init__(self, pos: int, tree: TreeInfo) -> None:
        super().__init__(pos, tree)
        self.nodes: list[Node] = []

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


class TextNode(Node):
    """Plain text outside actions."""

    __slots__ = ("text",)

    def __init__(self, pos: int, tree: TreeInfo, text: str) -> None:
        super().__init__(pos, tree)
        self.text = text

    def __str__(self) -> str:
        return self.text


class IdentifierNode(Node):
    """A function name."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: TreeInfo, ident: str) -> None:
        super().__init__(pos, tree)
        self.ident = ident

    def __str__(self) -> str:
        return self.ident


class VariableNode(Node):
    """A variable, possibly with a field chain: ``$x.a.b``."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: TreeInfo, ident: list[str]) -> None:
        super().__init__(pos, tree)
        self.ident = ident

    def __str__(self) -> str:
        return ".".join(self.ident)


class DotNode(Node):
    """The cursor ``.``."""

    __slots__ = ()

    def __str__(self) -> str:
        return "."


class NilNode(Node):
    """The untyped ``nil`` constant."""

    __slots__ = ()

    def __str__(self) -> str:
        return "nil"


class FieldNode(Node):
    """A field chain on dot: ``.a.b``."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: TreeInfo, ident: list[str]) -> None:
        super().__init__(pos, tree)
        self.ident = ident

    def __str__(self) -> str:
        return "".join("." + i for i in self.ident)


class BoolNode(Node):
    """A boolean constant."""

    __slots__ = ("value",)

    def __init__(self, pos: int, tree: TreeInfo, value: bool) -> None:
        super().__init__(pos, tree)
        self.value = value

    def __str__(self) -> str:
        return "true" if self.value else "false"


class NumberNode(Node):
    """A number constant with Go's int/uint/float/complex interpretations."""

    __slots__ = (
        "text",
        "is_int",
        "is_uint",
        "is_float",
        "is_complex",
        "int64",
        "uint64",
        "float64",
        "complex128",
    )

    def __init__(self, pos: int, tree: TreeInfo, text: str) -> None:
        super().__init__(pos, tree)
        self.text = text
        self.is_int = self.is_uint = self.is_float = self.is_complex = False
        self.int64 = 0
        self.uint64 = 0
        self.float64 = 0.0
        self.complex128 = 0j

    def __str__(self) -> str:
        return self.text


class StringNode(Node):
    """A string constant (``quoted`` is the source form)."""

    __slots__ = ("quoted", "text")

    def __init__(self, pos: int, tree: TreeInfo, quoted: str, text: str) -> None:
        super().__init__(pos, tree)
        self.quoted = quoted
        self.text = text

    def __str__(self) -> str:
        return self.quoted


class PipeNode(Node):
    """A pipeline with optional variable declarations."""

    __slots__ = ("is_assign", "decl", "cmds")

    def __init__(self, pos: int, tree: TreeInfo) -> None:
        super().__init__(pos, tree)
        self.is_assign = False
        self.decl: list[VariableNode] = []
        self.cmds: list[CommandNode] = []

    def __str__(self) -> str:
        s = ""
        if self.decl:
            s = ", ".join(str(v) for v in self.decl) + " := "
        return s + " | ".join(str(c) for c in self.cmds)


class ChainNode(Node):
    """A field chain on a non-field term: ``(pipeline).a.b``."""

    __slots__ = ("node", "fields")

    def __init__(self, pos: int, tree: TreeInfo, node: Node) -> None:
        super().__init__(pos, tree)
        self.node = node
        self.fields: list[str] = []

    def __str__(self) -> str:
        s = str(self.node)
        if isinstance(self.node, PipeNode):
            s = "(" + s + ")"
        return s + "".join("." + f for f in self.fields)


class CommandNode(Node):
    """A command: an operand followed by arguments."""

    __slots__ = ("args",)

    def __init__(self, pos: int, tree: TreeInfo) -> None:
        super().__init__(pos, tree)
        self.args: list[Node] = []

    def __str__(self) -> str:
        parts = []
        for arg in self.args:
            if isinstance(arg, PipeNode):
                parts.append("(" + str(arg) + ")")
            else:
                parts.append(str(arg))
        return " ".join(parts)


class ActionNode(Node):
    """An action ``{{pipeline}}``."""

    __slots__ = ("pipe",)

    def __init__(self, pos: int, tree: TreeInfo, pipe: PipeNode) -> None:
        super().__init__(pos, tree)
        self.pipe = pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


class EndNode(Node):
    """``{{end}}`` (only while parsing)."""

    __slots__ = ()

    def __str__(self) -> str:
        return "{{end}}"


class ElseNode(Node):
    """``{{else}}`` (only while parsing)."""

    __slots__ = ()

    def __str__(self) -> str:
        return "{{else}}"


class BranchNode(Node):
    """``if``, ``range`` and ``with`` (``kind`` says which)."""

    __slots__ = ("kind", "pipe", "list", "else_list")

    def __init__(
        self,
        kind: str,
        pos: int,
        tree: TreeInfo,
        pipe: PipeNode,
        lst: ListNode,
        else_list: ListNode | None,
    ) -> None:
        super().__init__(pos, tree)
        self.kind = kind
        self.pipe = pipe
        self.list = lst
        self.else_list = else_list

    def __str__(self) -> str:
        if self.else_list is not None:
            return (
                f"{{{{{self.kind} {self.pipe}}}}}{self.list}{{{{else}}}}{self.else_list}{{{{end}}}}"
            )
        return f"{{{{{self.kind} {self.pipe}}}}}{self.list}{{{{end}}}}"


class TemplateNode(Node):
    """``{{template "name" pipeline}}``."""

    __slots__ = ("name", "pipe")

    def __init__(self, pos: int, tree: TreeInfo, name: str, pipe: PipeNode | None) -> None:
        super().__init__(pos, tree)
        self.name = name
        self.pipe = pipe

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + quote(self.name) + "}}"
        return "{{template " + quote(self.name) + " " + str(self.pipe) + "}}"


# unicode.IsSpace (what bytes.TrimSpace strips); str.strip() would also strip \x1c-\x1f
_SPACE = (
    " \t\n\v\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def is_empty_tree(n: Node | None) -> bool:
    """Go's ``parse.IsEmptyTree``: only whitespace text (or nothing)."""
    if n is None:
        return True
    if isinstance(n, ListNode):
        return all(is_empty_tree(c) for c in n.nodes)
    if isinstance(n, TextNode):
        return not n.text.strip(_SPACE)
    return False


class Tree:
    """A parsed template: its name, root list and origin.

    Attributes:
        compiled: the executor's compiled code (by function signatures), once run.
    """

    __slots__ = ("compiled", "info", "name", "root")

    def __init__(self, name: str, root: ListNode, info: TreeInfo, compiled: Any = None) -> None:
        self.name = name
        self.root = root
        self.info = info
        self.compiled = compiled

    def __eq__(self, other: object) -> bool:
        if type(other) is not Tree:
            return NotImplemented
        return (self.name, self.root, self.info, self.compiled) == (
            other.name,
            other.root,
            other.info,
            other.compiled,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Tree(name={self.name!r}, root={self.root!r}, info={self.info!r})"
