"""Resources on the left (grouped by kind), the selected one's YAML on the right."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Tree

from app.tui.widgets.code_view import CodeView


@dataclass(frozen=True)
class Item:
    """One entry: a group (kind) in the tree, a title, and the text to show."""

    group: str
    title: str
    text: str


ALL = "(all)"


class ResourceBrowser(Horizontal):
    """A tree of items by group; selecting one shows its text, the root shows everything."""

    def __init__(self, *, empty_text: str, id: str | None = None) -> None:
        super().__init__(id=id, classes="resource-browser")
        self.items: Sequence[Item] = ()
        self.empty_text = empty_text

    def compose(self) -> ComposeResult:
        """Lay out the widgets."""
        tree: Tree[Item | None] = Tree(ALL, data=None, classes="resource-tree")
        tree.show_root = True
        yield tree
        yield CodeView(empty_text=self.empty_text, classes="resource-code")

    def set_items(self, items: Sequence[Item]) -> None:
        """Show ``items``; the whole text is shown until one is selected."""
        self.items = items
        tree: Tree[Item | None] = self.query_one(Tree)
        tree.clear()
        tree.root.set_label(f"{ALL} {len(items)}")
        groups: dict[str, list[Item]] = {}
        for item in items:
            groups.setdefault(item.group, []).append(item)
        for group, members in groups.items():
            node = tree.root.add(f"{group} ({len(members)})", data=None, expand=True)
            for item in members:
                node.add_leaf(item.title, data=item)
        tree.root.expand()
        self._show(None)

    def _show(self, item: Item | None) -> None:
        code = self.query_one(CodeView)
        if item is None:
            code.set_text("\n---\n".join(i.text for i in self.items))
        else:
            code.set_text(item.text)
        code.scroll_home(animate=False)
        code.cursor = 0

    @property
    def code(self) -> CodeView:
        """The text pane."""
        return self.query_one(CodeView)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Item | None]) -> None:
        self._show(event.node.data)
