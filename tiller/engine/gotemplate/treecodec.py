"""Parse trees to bytes and back, for a persistent parse cache.

The encoding is pickle with a closed vocabulary: each node becomes a call of its
class's constructor function (``_new_ListNode``...) with its slot values, each tree a
call of :func:`_tree`, and each :class:`~.nodes.TreeInfo` only its parse name (the
source text is supplied again on loading, so a cache entry does not store every
template twice). Loading uses
an unpickler that resolves exactly those names and nothing else, so a cache file can
describe parse trees but cannot make the loader call anything else.

Compiled code (``Tree.compiled``) is never encoded: it is rebuilt on first execution.
"""

from __future__ import annotations

import io
import operator
import pickle
from collections.abc import Callable, Mapping
from typing import Any

from . import nodes
from .nodes import Node, Tree, TreeInfo

_PROTOCOL = 5


def _slots(cls: type) -> tuple[str, ...]:
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        names += klass.__dict__.get("__slots__", ())
    return tuple(names)


def _constructor(cls: type[Node]) -> Callable[..., Node]:
    # A plain function assigning each slot by name: about 4x faster than a generic
    # setattr loop, and loading is mostly node construction. Generated from the
    # slots (as namedtuple does), so it follows the node classes as they change.
    fields = _slots(cls)
    name = f"_new_{cls.__name__}"
    obj = "_obj_"  # a local no slot (hence parameter) is named like: ChainNode has "node"
    assert obj not in fields
    source = (
        f"def {name}({', '.join(fields)}):\n    {obj} = new(cls)\n"
        + "".join(f"    {obj}.{f} = {f}\n" for f in fields)
        + f"    return {obj}\n"
    )
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    exec(source, namespace)  # the source is built from our own slot names only
    make: Callable[..., Node] = namespace[name]
    make.__module__ = __name__
    globals()[name] = make  # pickle refers to functions by module and name
    return make


_NODE_CLASSES = [
    c for c in vars(nodes).values() if isinstance(c, type) and issubclass(c, Node) and c is not Node
]
_FIELDS: dict[type, tuple[str, ...]] = {c: _slots(c) for c in _NODE_CLASSES}
_CONSTRUCTORS: dict[type, Callable[..., Node]] = {c: _constructor(c) for c in _NODE_CLASSES}


def _tree(name: str, root: nodes.ListNode, info: TreeInfo) -> Tree:
    return Tree(name, root, info)


def _info(parse_name: str) -> TreeInfo:
    # Only named in the encoding: loading resolves the name to a lookup in the texts.
    raise pickle.UnpicklingError("tree info needs the template texts")


def _node_reducer(cls: type[Node]) -> Callable[[Node], tuple[Any, tuple[Any, ...]]]:
    make = _CONSTRUCTORS[cls]
    fields = _FIELDS[cls]
    if len(fields) == 1:
        get_one = operator.attrgetter(fields[0])
        return lambda node: (make, (get_one(node),))
    get = operator.attrgetter(*fields)  # a tuple of the slot values, read in C
    return lambda node: (make, get(node))


# Per class, as a pickler dispatch table: the C pickler looks the type up itself and
# calls Python only to reduce the object (about twice as fast as reducer_override).
_REDUCERS: dict[type, Callable[[Any], tuple[Any, tuple[Any, ...]]]] = {
    **{cls: _node_reducer(cls) for cls in _NODE_CLASSES},
    Tree: lambda tree: (_tree, (tree.name, tree.root, tree.info)),
    TreeInfo: lambda info: (_info, (info.parse_name,)),
    complex: lambda z: (complex, (z.real, z.imag)),  # NumberNode.complex128
}


class _Pickler(pickle.Pickler):
    dispatch_table = _REDUCERS


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, texts: Mapping[str, str]) -> None:
        super().__init__(io.BytesIO(data))
        infos: dict[str, TreeInfo] = {}

        def info(parse_name: str) -> TreeInfo:
            # One TreeInfo per file, shared by its trees, as the parser makes it.
            found = infos.get(parse_name)
            if found is None:
                found = infos[parse_name] = TreeInfo(parse_name, texts[parse_name])
            return found

        self._allowed: dict[tuple[str, str], Callable[..., Any]] = {
            **{(__name__, make.__name__): make for make in _CONSTRUCTORS.values()},
            (__name__, "_tree"): _tree,
            (__name__, "_info"): info,
            ("builtins", "complex"): complex,
        }

    def find_class(self, module: str, name: str) -> Any:
        found = self._allowed.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"forbidden in a parse tree: {module}.{name}")
        return found


def dump_trees(trees: Mapping[str, Tree]) -> bytes:
    """Encode trees by name (without their compiled code or source texts).

    Raises:
        pickle.PicklingError, AttributeError: the trees hold something unexpected.
    """
    buf = io.BytesIO()
    _Pickler(buf, protocol=_PROTOCOL).dump(dict(trees))
    return buf.getvalue()


def load_trees(data: bytes, texts: Mapping[str, str]) -> dict[str, Tree]:
    """Decode what :func:`dump_trees` wrote.

    Args:
        data: the encoded trees.
        texts: the source text of every template file, by parse name.

    Returns:
        Trees by name.

    Raises:
        Exception: any error when ``data`` is not a valid encoding (callers holding a
            cache treat that as a miss).
    """
    trees = _Unpickler(data, texts).load()
    if not isinstance(trees, dict) or not all(
        isinstance(k, str) and type(v) is Tree for k, v in trees.items()
    ):
        raise pickle.UnpicklingError("not a mapping of parse trees")
    return trees
