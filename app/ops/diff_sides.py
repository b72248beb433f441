"""Both sides of a manifest diff, parsed no more than their comparison needs.

Parsing YAML is nearly all the cost of diffing big manifests, and most documents of an
upgrade or rollback are either byte-identical on both sides or differ only in noise values
(the ``chart`` label of a version bump, a pod template's checksum). Such a pair is
unchanged whatever the options, so it needs its key, which is in its head (the lines up
to the end of the top-level ``metadata``), and, for a noise-only pair, proof that each
differing line is a noise entry.

* A new-side document with an identical old one is parsed only through its head; one
  whose differences from an old one are all one-line noise entries (checked on the
  texts, ``app.ops.noise.noise_changes``) only through the last differing line. That is
  when the rest cannot redefine ``apiVersion``, ``kind`` or ``metadata``. Other
  documents are parsed whole.
* An old-side document identical to a new one shares its parse; one that differs from a
  new one only in noise values (the lines confirmed in the new one's parse) shares it
  too, when noise is hidden: with noise dropped and secrets masked, the two parse to equal
  values. Two documents sharing a parse are unchanged.
* Anything that must really be compared is parsed whole on demand (:meth:`Parsed.whole`).

For any document that parses, the key read from a prefix is the whole document's. One
that does not (Tiller never stores such a manifest: it refuses to render invalid YAML)
still gets its prefix's key, not an ``(unparsed)`` one, when it pairs with an identical
or noise-equivalent document, and that pair counts as unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from app.ops import fastyaml
from app.ops.manifests import Resource, ResourceKey, has_content, resource, split_documents
from app.ops.noise import noise_blind, noise_changes, noise_line_numbers

_HEAD_KEYS = frozenset({"apiVersion", "kind", "metadata"})
# A top-level key written plainly at the start of a line.
_TOP_KEY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]|$)", re.MULTILINE)
# Lines after the head that could set a head key again (written plainly, quoted, as a
# complex or merge key, tagged, anchored...), or start another document: then the whole
# document is parsed.
_RISKY_AFTER_HEAD = re.compile(
    r"""^(?:["'?<!&*{\[%]|\.\.\.|---|(?:apiVersion|kind|metadata)[ \t]*:)""", re.MULTILINE
)


@dataclass(eq=False)
class Parsed:
    """A document's parse, shared by the documents (of either side) that may use it.

    A partial parse is of a prefix that parsed on its own: the head, and maybe the lines
    down to the last one that differs from a noise-equivalent document. Cut at the start
    of a line, nothing in it was left open (a quoted or flow scalar could go on at column
    0, but then the prefix would not parse), so its keys are the whole document's on the
    same lines; what follows the cut can only add to the last value or override entries,
    and the entries of a noise-equivalence are dropped either way.

    Attributes:
        text: the document parsed.
        obj: its value if a mapping (of the prefix only while ``partial``), else ``None``.
        noise_lines: the lines of noise entries (``app.ops.noise.noise_line_numbers``),
            among the first ``lines`` lines.
        lines: how many lines ``obj`` and ``noise_lines`` cover (all when not partial).
        partial: whether only a prefix was parsed.
    """

    text: str
    obj: dict[str, Any] | None
    noise_lines: frozenset[int] = frozenset()
    lines: int = 0
    partial: bool = False

    @classmethod
    def of(cls, text: str, *, through: int | None = None) -> Parsed:
        """Parse ``text``; with ``through``, only as far as needed and with noise lines.

        Args:
            text: the document.
            through: parse only the head and the lines up to this one (0-based; -1: the
                head alone), when that is safe, and find the noise lines in them.
        """
        cut = _prefix_end(text, through) if through is not None else None
        if cut is not None:
            prefix = text[:cut]
            node, obj = _load(prefix, nodes=True)
            if obj is not None:
                lines = prefix.count("\n")
                return cls(text, obj, noise_line_numbers(node), lines, partial=True)
        node, obj = _load(text, nodes=through is not None)
        return cls(text, obj, noise_line_numbers(node), text.count("\n") + 1)

    def whole(self) -> Parsed:
        """Parse the rest too, if only a prefix was parsed; returns ``self``."""
        if self.partial:
            node, self.obj = _load(self.text, nodes=True)
            self.noise_lines = noise_line_numbers(node)
            self.lines, self.partial = self.text.count("\n") + 1, False
        return self


def _load(text: str, *, nodes: bool) -> tuple[yaml.Node | None, dict[str, Any] | None]:
    """The node tree (if ``nodes``) and the value of ``text`` if it is a mapping."""
    try:
        if nodes:
            node, obj = fastyaml.load_with_node(text)
        else:
            node, obj = None, fastyaml.load(text)
    except yaml.YAMLError:
        return None, None
    return node, obj if isinstance(obj, dict) else None


def _head_end(text: str) -> int | None:
    """Where the head ends (the first other top-level key), or None to parse it all.

    If the text before that line parses on its own, nothing in it is open (a quoted or
    flow scalar could continue at column 0), so the line is a top-level key indeed.
    """
    for match in _TOP_KEY.finditer(text):
        if match.group(1) not in _HEAD_KEYS:
            if _RISKY_AFTER_HEAD.search(text, match.start()):
                return None
            return match.start()
    return None


def _prefix_end(text: str, through: int) -> int | None:
    """Where a prefix holding the head and the lines up to ``through`` ends (None: all)."""
    head = _head_end(text)
    if head is None:
        return None
    end = head
    if through >= 0:
        end = max(end, _line_end(text, through))
    return end if end < len(text) else None


def _line_end(text: str, line: int) -> int:
    """The offset just past line ``line`` (0-based) and its newline."""
    offset = -1
    for _ in range(line + 1):
        offset = text.find("\n", offset + 1)
        if offset < 0:
            return len(text)
    return offset + 1


@dataclass(eq=False)
class Side:
    """One document of one side of the diff.

    Attributes:
        resource: its key, API version and text (the key from ``parsed``).
        parsed: its parse, maybe shared with an identical or noise-equivalent document.
    """

    resource: Resource
    parsed: Parsed

    def value(self) -> dict[str, Any] | None:
        """The whole parsed value (``None`` if not a mapping)."""
        return self.parsed.whole().obj


def _documents(manifest: str) -> list[tuple[int, str]]:
    """The documents with content, with their position among all documents."""
    return [(i, doc) for i, doc in enumerate(split_documents(manifest)) if has_content(doc)]


def _noise_twin(text: str, twin: Parsed) -> bool:
    """Whether ``text`` differs from ``twin``'s text only in values that noise drops."""
    lines = noise_changes(text, twin.text)
    if lines is None:
        return False
    if twin.partial and max(lines) >= twin.lines:
        twin.whole()  # another old document differs further down
    return twin.obj is not None and twin.noise_lines.issuperset(lines)


def _parse_new(
    text: str, old_texts: set[str], old_by_blind: dict[str, str], by_blind: dict[str, Parsed]
) -> Parsed:
    """Parse a new-side document as far as pairing it with an old one needs."""
    if text in old_texts:
        return Parsed.of(text, through=-1)  # identical: the key is all it needs
    blind = noise_blind(text) if old_by_blind else ""
    old_text = old_by_blind.get(blind)
    lines = noise_changes(old_text, text) if old_text is not None else None
    if lines is None:
        return Parsed.of(text)  # to be compared: parsed whole (and nothing more)
    parsed = by_blind[blind] = Parsed.of(text, through=max(lines))
    return parsed


def sides(
    old: str, new: str, namespace: str, *, show_noise: bool
) -> tuple[dict[ResourceKey, Side], dict[ResourceKey, Side]]:
    """Both sides' documents by key (the last of a repeated key wins, as in a cluster).

    Documents of the two sides share a :class:`Parsed` exactly when they are identical,
    or (``show_noise`` off) differ only in noise values: such pairs are unchanged.
    """
    old_docs, new_docs = _documents(old), _documents(new)
    old_texts = {text for _, text in old_docs}
    new_texts = {text for _, text in new_docs}
    old_blinds = {} if show_noise else {t: noise_blind(t) for t in sorted(old_texts - new_texts)}
    old_by_blind = {blind: text for text, blind in old_blinds.items()}
    by_text: dict[str, Parsed] = {}
    by_blind: dict[str, Parsed] = {}
    after: dict[ResourceKey, Side] = {}
    for index, text in new_docs:
        parsed = by_text.get(text)
        if parsed is None:
            parsed = by_text[text] = _parse_new(text, old_texts, old_by_blind, by_blind)
        after_res = resource(text, index, namespace, parsed.obj)
        after[after_res.key] = Side(after_res, parsed)
    before: dict[ResourceKey, Side] = {}
    for index, text in old_docs:
        parsed = by_text.get(text)
        if parsed is None:
            blind = old_blinds.get(text)
            twin = by_blind.get(blind) if blind is not None else None
            shared = twin is not None and _noise_twin(text, twin)
            parsed = twin if shared and twin is not None else Parsed.of(text)
        before_res = resource(text, index, namespace, parsed.obj)
        before[before_res.key] = Side(before_res, parsed)
    return before, after
