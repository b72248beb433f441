"""A faster YAML loader for big index files: libyaml events, built into Python values here.

PyYAML's loaders resolve and construct every scalar through generic Python machinery;
on a 28 MB index that dominates (15+ s). Index files are plain data: mappings, sequences
and untagged scalars. This builder consumes libyaml's event stream directly and resolves
plain scalars with the same YAML 1.1 rules (timestamps kept as text, as in
:mod:`app.repos.yamlio`), roughly three times faster. Anything unusual (explicit tags,
merge keys, complex keys) makes it hand over to the full loader, so results are always
those of :func:`app.repos.yamlio.load`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from app.repos import yamlio


class _Unsupported(Exception):
    """The document uses a feature this builder leaves to the full loader."""


_RESOLVERS = yamlio._Loader.yaml_implicit_resolvers
_CONSTRUCT = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"


def _plain(value: str) -> Any:
    for tag, regexp in _RESOLVERS.get(value[:1] if value else "", ()):
        if regexp.match(value):
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:bool":
                return _CONSTRUCT.construct_yaml_bool(yaml.ScalarNode(tag, value))
            if tag == "tag:yaml.org,2002:int":
                return _CONSTRUCT.construct_yaml_int(yaml.ScalarNode(tag, value))
            if tag == "tag:yaml.org,2002:float":
                return _CONSTRUCT.construct_yaml_float(yaml.ScalarNode(tag, value))
            raise _Unsupported(tag)  # merge "<<", value "=" and friends
    return value


def _build(data: bytes | str) -> Any:
    stack: list[Any] = []  # open containers; a mapping's pending key sits above it
    anchors: dict[str, Any] = {}
    root: Any = None
    done = False

    def attach(value: Any) -> None:
        nonlocal root, done
        if not stack:
            root, done = value, True
            return
        top = stack[-1]
        if isinstance(top, list):
            top.append(value)
        elif isinstance(top, _Key):
            stack.pop()
            container = stack[-1]
            assert isinstance(container, dict)
            container[top.key] = value
        else:
            if isinstance(value, (dict, list)):
                raise _Unsupported("complex key")
            stack.append(_Key(value))

    # Typed as Any: the checks below go by exact event class, which mypy cannot narrow.
    events: Iterator[Any] = yaml.parse(data, Loader=yaml.CSafeLoader)
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.tag is not None and event.tag not in ("!", _STR):
                raise _Unsupported(event.tag)
            value = _plain(event.value) if event.implicit[0] else event.value
            if event.anchor:
                anchors[event.anchor] = value
            attach(value)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.tag is not None and event.tag not in ("tag:yaml.org,2002:map",
                                                          "tag:yaml.org,2002:seq"):  # fmt: skip
                raise _Unsupported(event.tag)
            container: Any = {} if kind is yaml.MappingStartEvent else []
            if event.anchor:
                anchors[event.anchor] = container
            attach(container)
            stack.append(container)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            if not stack and root is not None:
                done = True
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise _Unsupported("unknown alias")
            attach(anchors[event.anchor])
        elif kind is yaml.DocumentStartEvent and done:
            raise _Unsupported("several documents")
    return root


class _Key:
    """A mapping key waiting for its value."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key


def load(data: bytes | str, what: str) -> Any:
    """Parse one YAML document like :func:`app.repos.yamlio.load`, faster for plain data.

    Raises:
        app.repos.errors.HelmError: the YAML is invalid (message from the full loader).
    """
    try:
        return _build(data)
    except (_Unsupported, yaml.YAMLError, RecursionError, TypeError):
        return yamlio.load(data, what)
