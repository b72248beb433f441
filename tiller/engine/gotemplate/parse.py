"""Parser for Go 1.14 ``text/template``.

Mirrors the structure of Go's recursive-descent parser, including its three-item
look-ahead buffer: a parse error reports the line of the most recently lexed
item, so keeping the same look-ahead keeps the same line numbers.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import ParseError
from .lex import (
    ITEM_ASSIGN,
    ITEM_BLOCK,
    ITEM_BOOL,
    ITEM_CHAR,
    ITEM_CHAR_CONSTANT,
    ITEM_COMPLEX,
    ITEM_DECLARE,
    ITEM_DEFINE,
    ITEM_DOT,
    ITEM_ELSE,
    ITEM_END,
    ITEM_EOF,
    ITEM_ERROR,
    ITEM_FIELD,
    ITEM_IDENTIFIER,
    ITEM_IF,
    ITEM_LEFT_DELIM,
    ITEM_LEFT_PAREN,
    ITEM_NIL,
    ITEM_NUMBER,
    ITEM_PIPE,
    ITEM_RANGE,
    ITEM_RAW_STRING,
    ITEM_RIGHT_DELIM,
    ITEM_RIGHT_PAREN,
    ITEM_SPACE,
    ITEM_STRING,
    ITEM_TEMPLATE,
    ITEM_TEXT,
    ITEM_VARIABLE,
    ITEM_WITH,
    Item,
    lex,
)
from .literals import LiteralError, fill_number, unquote
from .nodes import (
    ActionNode,
    BoolNode,
    BranchNode,
    ChainNode,
    CommandNode,
    DotNode,
    ElseNode,
    EndNode,
    FieldNode,
    IdentifierNode,
    ListNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    StringNode,
    TemplateNode,
    TextNode,
    Tree,
    TreeInfo,
    VariableNode,
    is_empty_tree,
)

_OPERAND_START = frozenset(
    (
        ITEM_BOOL,
        ITEM_CHAR_CONSTANT,
        ITEM_COMPLEX,
        ITEM_DOT,
        ITEM_FIELD,
        ITEM_IDENTIFIER,
        ITEM_NUMBER,
        ITEM_NIL,
        ITEM_RAW_STRING,
        ITEM_STRING,
        ITEM_VARIABLE,
        ITEM_LEFT_PAREN,
    )
)


class _Stream:
    """The shared lexer output; every (sub)tree parser pulls from it in order."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.i = 0

    def next_item(self) -> Item:
        it = self.items[self.i]
        if self.i < len(self.items) - 1:
            self.i += 1
        return it


class _TreeParser:
    """Parses one tree (the file itself, a ``define`` or a ``block`` body)."""

    def __init__(
        self,
        name: str,
        info: TreeInfo,
        stream: _Stream,
        tree_set: dict[str, Tree],
        has_function: Callable[[str], bool],
    ) -> None:
        self.name = name
        self.info = info
        self.stream = stream
        self.tree_set = tree_set
        self.has_function = has_function
        self.token: list[Item] = [Item(ITEM_EOF, 0, "")] * 3
        self.peek_count = 0
        self.vars = ["$"]
        self.root: ListNode | None = None

    # -- token buffer (same look-ahead discipline as Go) ------------------------

    def next(self) -> Item:
        if self.peek_count > 0:
            self.peek_count -= 1
        else:
            self.token[0] = self.stream.next_item()
        return self.token[self.peek_count]

    def backup(self) -> None:
        self.peek_count += 1

    def backup2(self, t1: Item) -> None:
        self.token[1] = t1
        self.peek_count = 2

    def backup3(self, t2: Item, t1: Item) -> None:
        self.token[1] = t1
        self.token[2] = t2
        self.peek_count = 3

    def peek(self) -> Item:
        if self.peek_count > 0:
            return self.token[self.peek_count - 1]
        self.peek_count = 1
        self.token[0] = self.stream.next_item()
        return self.token[0]

    def next_non_space(self) -> Item:
        # next() inlined: this is the parser's hottest loop
        token = self.token
        while True:
            if self.peek_count > 0:
                self.peek_count -= 1
            else:
                token[0] = self.stream.next_item()
            tok = token[self.peek_count]
            if tok[0] != ITEM_SPACE:
                return tok

    def peek_non_space(self) -> Item:
        tok = self.next_non_space()
        self.backup()
        return tok

    # -- errors ---------------------------------------------------------------

    def errorf(self, msg: str) -> ParseError:
        line = self.info.line_of(self.token[0].pos)
        return ParseError(f"template: {self.info.parse_name}:{line}: {msg}")

    def unexpected(self, tok: Item, context: str) -> ParseError:
        return self.errorf(f"unexpected {tok.describe()} in {context}")

    def expect(self, typ: int, context: str) -> Item:
        tok = self.next_non_space()
        if tok.typ != typ:
            raise self.unexpected(tok, context)
        return tok

    # -- structure --------------------------------------------------------------

    def add(self) -> None:
        existing = self.tree_set.get(self.name)
        if existing is None or is_empty_tree(existing.root):
            assert self.root is not None
            self.tree_set[self.name] = Tree(self.name, self.root, self.info)
            return
        if not is_empty_tree(self.root):
            raise self.errorf(f"template: multiple definition of template {_goquote(self.name)}")

    def parse(self) -> None:
        self.root = ListNode(self.peek().pos, self.info)
        while self.peek().typ != ITEM_EOF:
            if self.peek().typ == ITEM_LEFT_DELIM:
                delim = self.next()
                if self.next_non_space().typ == ITEM_DEFINE:
                    sub = self._sub_parser("definition")
                    sub.parse_definition()
                    continue
                self.backup2(delim)
            n = self.text_or_action()
            if isinstance(n, (EndNode, ElseNode)):
                raise self.errorf(f"unexpected {n}")
            self.root.nodes.append(n)

    def _sub_parser(self, name: str) -> _TreeParser:
        return _TreeParser(name, self.info, self.stream, self.tree_set, self.has_function)

    def parse_definition(self) -> None:
        context = "define clause"
        tok = self.next_non_space()
        if tok.typ not in (ITEM_STRING, ITEM_RAW_STRING):
            raise self.unexpected(tok, context)
        try:
            self.name = unquote(tok.val)
        except LiteralError as exc:
            raise self.errorf(str(exc)) from None
        self.expect(ITEM_RIGHT_DELIM, context)
        self.root, end = self.item_list()
        if not isinstance(end, EndNode):
            raise self.errorf(f"unexpected {end} in {context}")
        self.add()

    def item_list(self) -> tuple[ListNode, Node]:
        lst = ListNode(self.peek_non_space().pos, self.info)
        while self.peek_non_space().typ != ITEM_EOF:
            n = self.text_or_action()
            if isinstance(n, (EndNode, ElseNode)):
                return lst, n
            lst.nodes.append(n)
        raise self.errorf("unexpected EOF")

    def text_or_action(self) -> Node:
        tok = self.next_non_space()
        if tok.typ == ITEM_TEXT:
            return TextNode(tok.pos, self.info, tok.val)
        if tok.typ == ITEM_LEFT_DELIM:
            return self.action()
        raise self.unexpected(tok, "input")

    def action(self) -> Node:
        tok = self.next_non_space()
        typ = tok.typ
        if typ == ITEM_BLOCK:
            return self.block_control()
        if typ == ITEM_ELSE:
            return self.else_control()
        if typ == ITEM_END:
            return EndNode(self.expect(ITEM_RIGHT_DELIM, "end").pos, self.info)
        if typ == ITEM_IF:
            return self.parse_control("if", allow_else_if=True)
        if typ == ITEM_RANGE:
            return self.parse_control("range", allow_else_if=False)
        if typ == ITEM_TEMPLATE:
            return self.template_control()
        if typ == ITEM_WITH:
            return self.parse_control("with", allow_else_if=False)
        self.backup()
        tok = self.peek()
        return ActionNode(tok.pos, self.info, self.pipeline("command"))

    def parse_control(self, kind: str, allow_else_if: bool) -> BranchNode:
        mark = len(self.vars)
        try:
            pipe = self.pipeline(kind)
            lst, nxt = self.item_list()
            else_list: ListNode | None = None
            if isinstance(nxt, ElseNode):
                if allow_else_if and self.peek().typ == ITEM_IF:
                    # "{{else if x}}" is "{{else}}{{if x}}...{{end}}" sharing one {{end}}
                    self.next()
                    else_list = ListNode(nxt.pos, self.info)
                    else_list.nodes.append(self.parse_control("if", allow_else_if=True))
                else:
                    else_list, nxt = self.item_list()
                    if not isinstance(nxt, EndNode):
                        raise self.errorf(f"expected end; found {nxt}")
            return BranchNode(kind, pipe.pos, self.info, pipe, lst, else_list)
        finally:
            del self.vars[mark:]

    def else_control(self) -> Node:
        peek = self.peek_non_space()
        if peek.typ == ITEM_IF:
            return ElseNode(peek.pos, self.info)
        tok = self.expect(ITEM_RIGHT_DELIM, "else")
        return ElseNode(tok.pos, self.info)

    def _template_name(self, tok: Item, context: str) -> str:
        if tok.typ in (ITEM_STRING, ITEM_RAW_STRING):
            try:
                return unquote(tok.val)
            except LiteralError as exc:
                raise self.errorf(str(exc)) from None
        raise self.unexpected(tok, context)

    def template_control(self) -> Node:
        context = "template clause"
        tok = self.next_non_space()
        name = self._template_name(tok, context)
        pipe: PipeNode | None = None
        if self.next_non_space().typ != ITEM_RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context)
        return TemplateNode(tok.pos, self.info, name, pipe)

    def block_control(self) -> Node:
        context = "block clause"
        tok = self.next_non_space()
        name = self._template_name(tok, context)
        pipe = self.pipeline(context)
        block = self._sub_parser(name)
        block.root, end = block.item_list()
        if not isinstance(end, EndNode):
            raise self.errorf(f"unexpected {end} in {context}")
        block.add()
        return TemplateNode(tok.pos, self.info, name, pipe)

    # -- pipelines --------------------------------------------------------------

    def pipeline(self, context: str) -> PipeNode:
        tok = self.peek_non_space()
        pipe = PipeNode(tok.pos, self.info)
        while True:  # declarations: "$x :=", "$x =", "$i, $v :="
            v = self.peek_non_space()
            if v.typ != ITEM_VARIABLE:
                break
            self.next()
            after = self.peek()
            nxt = self.peek_non_space()
            if nxt.typ in (ITEM_ASSIGN, ITEM_DECLARE):
                pipe.is_assign = nxt.typ == ITEM_ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, self.info, [v.val]))
                self.vars.append(v.val)
            elif nxt.typ == ITEM_CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(v.pos, self.info, [v.val]))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (
                        ITEM_VARIABLE,
                        ITEM_RIGHT_DELIM,
                        ITEM_RIGHT_PAREN,
                    ):
                        continue
                    raise self.errorf("range can only initialize variables")
                raise self.errorf(f"too many declarations in {context}")
            elif after.typ == ITEM_SPACE:
                self.backup3(v, after)
            else:
                self.backup2(v)
            break
        while True:
            tok = self.next_non_space()
            if tok.typ in (ITEM_RIGHT_DELIM, ITEM_RIGHT_PAREN):
                self.check_pipeline(pipe, context)
                if tok.typ == ITEM_RIGHT_PAREN:
                    self.backup()
                return pipe
            if tok.typ in _OPERAND_START:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                raise self.unexpected(tok, context)

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            raise self.errorf(f"missing value for {context}")
        for i, c in enumerate(pipe.cmds[1:]):
            if isinstance(c.args[0], (BoolNode, DotNode, NilNode, NumberNode, StringNode)):
                raise self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> CommandNode:
        cmd = CommandNode(self.peek_non_space().pos, self.info)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.typ == ITEM_SPACE:
                continue
            if tok.typ == ITEM_ERROR:
                raise self.errorf(tok.val)
            if tok.typ in (ITEM_RIGHT_DELIM, ITEM_RIGHT_PAREN):
                self.backup()
            elif tok.typ != ITEM_PIPE:
                raise self.errorf(f"unexpected {tok.describe()} in operand")
            break
        if not cmd.args:
            raise self.errorf("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == ITEM_FIELD:
            chain = ChainNode(self.peek().pos, self.info, node)
            while self.peek().typ == ITEM_FIELD:
                chain.fields.append(self.next().val[1:])
            if isinstance(node, FieldNode):
                return FieldNode(chain.pos, self.info, node.ident + chain.fields)
            if isinstance(node, VariableNode):
                return VariableNode(chain.pos, self.info, node.ident + chain.fields)
            if isinstance(node, (BoolNode, StringNode, NumberNode, NilNode, DotNode)):
                raise self.errorf(f"unexpected . after term {_goquote(str(node))}")
            return chain
        return node

    def term(self) -> Node | None:
        tok = self.next_non_space()
        typ = tok.typ
        if typ == ITEM_ERROR:
            raise self.errorf(tok.val)
        if typ == ITEM_IDENTIFIER:
            if not self.has_function(tok.val):
                raise self.errorf(f'function "{tok.val}" not defined')
            return IdentifierNode(tok.pos, self.info, tok.val)
        if typ == ITEM_DOT:
            return DotNode(tok.pos, self.info)
        if typ == ITEM_NIL:
            return NilNode(tok.pos, self.info)
        if typ == ITEM_VARIABLE:
            if tok.val not in self.vars:
                raise self.errorf(f'undefined variable "{tok.val}"')
            return VariableNode(tok.pos, self.info, [tok.val])
        if typ == ITEM_FIELD:
            return FieldNode(tok.pos, self.info, [tok.val[1:]])
        if typ == ITEM_BOOL:
            return BoolNode(tok.pos, self.info, tok.val == "true")
        if typ in (ITEM_CHAR_CONSTANT, ITEM_COMPLEX, ITEM_NUMBER):
            n = NumberNode(tok.pos, self.info, tok.val)
            try:
                fill_number(n, typ == ITEM_CHAR_CONSTANT, typ == ITEM_COMPLEX)
            except LiteralError as exc:
                raise self.errorf(str(exc)) from None
            return n
        if typ == ITEM_LEFT_PAREN:
            pipe = self.pipeline("parenthesized pipeline")
            tok2 = self.next()
            if tok2.typ != ITEM_RIGHT_PAREN:
                raise self.errorf(f"unclosed right paren: unexpected {tok2.describe()}")
            return pipe
        if typ in (ITEM_STRING, ITEM_RAW_STRING):
            try:
                s = unquote(tok.val)
            except LiteralError as exc:
                raise self.errorf(str(exc)) from None
            return StringNode(tok.pos, self.info, tok.val, s)
        self.backup()
        return None


def _goquote(s: str) -> str:
    from .gostrconv import quote

    return quote(s)


def parse(name: str, text: str, has_function: Callable[[str], bool]) -> dict[str, Tree]:
    """Parse one template text (Go's ``parse.Parse``).

    Args:
        name: the template (file) name, also used as ``ParseName`` in errors.
        text: the template source.
        has_function: tells whether a function name is defined.

    Returns:
        The trees by name: the file's own tree plus its ``define``/``block`` trees.

    Raises:
        ParseError: Go's parse error text (``template: NAME:LINE: MESSAGE``).
    """
    info = TreeInfo(name, text)
    stream = _Stream(lex(text))
    tree_set: dict[str, Tree] = {}
    top = _TreeParser(name, info, stream, tree_set, has_function)
    top.parse()
    top.add()
    return tree_set
