"""Read YAML exactly as Helm v2 does: ghodss/yaml over yaml.v2 v2.2.4, then encoding/json.

Pipeline reproduced: yaml.v2 decodes the first document with YAML 1.1 typing
(``yes``/``no``/``on``/``off``/``y``/``n`` are booleans, ``017`` is octal, ``1e3`` is a
float, timestamps stay strings, no base-60 numbers), ghodss turns map keys into strings
and marshals to JSON, and encoding/json decodes that, so every number is float64.

libyaml (through PyYAML's C parser) does the scanning and parsing: yaml.v2 is a Go port
of libyaml, so syntax errors carry the same problem texts; they are reported with
yaml.v2's line-number convention.
"""

from __future__ import annotations

import base64
import binascii
import math
from typing import Any

from tiller.engine._pyyaml import yaml
from tiller.engine.gotemplate.gostrconv import format_float

from ._go import Uint64
from .goconv import format_float_g
from .yamlresolve import resolve_plain

_PLAIN = "!<plain>"
_Y = "tag:yaml.org,2002:"
_RESOLVABLE = {"str", "bool", "null", "int", "float", "timestamp"}


class YAMLError(ValueError):
    """A Helm-style YAML loading error; ``str(err)`` is the Go error text."""


class _DecodeError(Exception):
    """yaml.v2 decoder failure (``yaml: ...``)."""


class _KeyError(Exception):
    """ghodss key conversion failure."""


class _Loader(yaml.CSafeLoader):
    """libyaml parser whose plain untagged scalars are left for yaml.v2's resolver."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


def _short(tag: str) -> str:
    return "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag


def _scalar(node: yaml.ScalarNode) -> Any:
    value = str(node.value)
    if node.tag == _PLAIN:
        return resolve_plain(value)[1]
    if not node.tag.startswith(_Y) or node.tag[len(_Y) :] not in _RESOLVABLE | {"binary"}:
        return value  # yaml.v2 leaves unknown tags' text as a string
    want = node.tag[len(_Y) :]
    if want == "str":
        return value
    if want == "binary":
        try:
            return base64.b64decode(value, validate=False).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            raise _DecodeError("!!binary value contains invalid base64 data") from None
    got, out = resolve_plain(value)
    if got == want or (want == "timestamp" and got == "str"):
        return out
    if want == "float" and got == "int":
        return float(out)
    raise _DecodeError(f"cannot decode !!{got} `{value}` as a {_short(node.tag)}")


def _key_string(k: Any, v: Any) -> str:
    # ghodss convertToJSONableObject's key conversion.
    if isinstance(k, str):
        return k
    if isinstance(k, bool):
        return "true" if k else "false"
    if isinstance(k, Uint64) or k is None:
        t = "uint64" if k is not None else "%!s(<nil>)"
        raise _KeyError(f"Unsupported map key of type: {t}, key: {k!r}, value: {v!r}")
    if isinstance(k, int):
        return str(k)
    if isinstance(k, float):
        s = format_float(k, "g", -1, 32)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(s, s)
    raise _DecodeError(f"invalid map key: {k!r}")


def _is_merge(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.value == "<<"
        and node.tag
        in (
            _PLAIN,
            _Y + "merge",
        )
    )


def _merge(node: yaml.Node, out: dict[str, Any]) -> None:
    # yaml.v2 merges in document order: merged keys overwrite keys set before `<<`.
    if isinstance(node, yaml.MappingNode):
        _mapping(node, out)
    elif isinstance(node, yaml.SequenceNode):
        for child in reversed(node.value):
            if not isinstance(child, yaml.MappingNode):
                raise _DecodeError("map merge requires map or sequence of maps as the value")
            _mapping(child, out)
    else:
        raise _DecodeError("map merge requires map or sequence of maps as the value")


def _mapping(node: yaml.MappingNode, out: dict[str, Any]) -> dict[str, Any]:
    for knode, vnode in node.value:
        if _is_merge(knode):
            _merge(vnode, out)
            continue
        k = _convert(knode)
        if isinstance(k, (dict, list)):
            raise _DecodeError(f"invalid map key: {k!r}")
        v = _convert(vnode)
        out[_key_string(k, v)] = v
    return out


def _convert(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child) for child in node.value]
    assert isinstance(node, yaml.MappingNode)
    return _mapping(node, {})


def _jsonify(v: Any) -> Any:
    # json.Marshal then json.Unmarshal into interface{}: numbers become float64.
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise _KeyError(f"json: unsupported value: {format_float_g(v)}")
        return v
    if isinstance(v, list):
        return [_jsonify(x) for x in v]
    return {k: _jsonify(x) for k, x in v.items()}


def _line_prefix(err: yaml.MarkedYAMLError) -> str:
    # yaml.v2 parser.fail(): marks are 0-based; only scanner errors add one.
    line = 0
    if err.problem_mark is not None and err.problem_mark.line != 0:
        line = err.problem_mark.line
        if isinstance(err, yaml.scanner.ScannerError):
            line += 1
    elif err.context_mark is not None and err.context_mark.line != 0:
        line = err.context_mark.line
    return f"line {line}: " if line else ""


def _alias_name(text: str, err: yaml.MarkedYAMLError) -> str:
    mark = err.problem_mark
    start = mark.index + 1 if mark is not None else 0
    end = start
    while end < len(text) and text[end] not in " \t\r\n,[]{}":
        end += 1
    return text[start:end]


def yaml_to_json_value(text: str) -> Any:
    """Decode the first YAML document the ghodss way (into ``interface{}``).

    Returns:
        None, or a tree of dict/list/str/bool/float/None.

    Raises:
        YAMLError: ``error converting YAML to JSON: yaml: line N: ...`` and friends.
    """
    loader = _Loader(text)
    try:
        node = loader.get_node() if loader.check_node() else None
        tree = None if node is None else _convert(node)
        return _jsonify(tree)
    except yaml.composer.ComposerError as e:
        msg = f"yaml: unknown anchor '{_alias_name(text, e)}' referenced"
        raise YAMLError(f"error converting YAML to JSON: {msg}") from None
    except yaml.MarkedYAMLError as e:
        msg = f"yaml: {_line_prefix(e)}{e.problem or 'unknown problem parsing YAML content'}"
        raise YAMLError(f"error converting YAML to JSON: {msg}") from None
    except yaml.reader.ReaderError as e:
        raise YAMLError(f"error converting YAML to JSON: yaml: {e.reason}") from None
    except _DecodeError as e:
        raise YAMLError(f"error converting YAML to JSON: yaml: {e}") from None
    except _KeyError as e:
        raise YAMLError(f"error converting YAML to JSON: {e}") from None
    finally:
        loader.dispose()


_JSON_KIND = {str: "string", bool: "bool", float: "number", list: "array"}


def load_yaml_like_helm(text: str) -> dict[str, Any]:
    """``yaml.Unmarshal(data, &map[string]interface{})`` with ghodss/yaml, as Helm v2 does.

    Used for values files (chartutil.ReadValues) and ``fromYaml``.  An empty or
    ``null`` document gives ``{}``.

    Raises:
        YAMLError: With Go's exact message, e.g. ``error converting YAML to JSON:
            yaml: line 2: mapping values are not allowed in this context`` or ``error
            unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into
            Go value of type map[string]interface {}``.
    """
    value = yaml_to_json_value(text)
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = _JSON_KIND[type(value)]
        raise YAMLError(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            f"{kind} into Go value of type map[string]interface {{}}"
        )
    return value
