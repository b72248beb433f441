"""Chart.yaml -> chart metadata, decoded as Helm v2 does (ghodss/yaml into the struct).

The result is the plain ``tiller.engine.chartmodel.Metadata`` (``hapi.chart.Metadata``'s
fields, without importing protobuf); its ``to_proto()`` gives the message.

The YAML is read with YAML 1.1 typing, converted to JSON and decoded by
encoding/json into the generated struct: keys match the proto field names
case-insensitively, unknown keys are ignored, ``null`` leaves a field empty, numbers and
booleans bound for string fields become strings (``appVersion: 1.10`` is ``"1.1"``) and
other mismatches are errors.
"""

from __future__ import annotations

from typing import Any

from tiller.engine.chartmodel import STRING_FIELDS as _STRING_FIELDS
from tiller.engine.chartmodel import Maintainer, Metadata
from tiller.engine.funcs.yamlin import YAMLError, yaml_to_json_value
from tiller.engine.ghodss import scalar_to_string


class ChartfileError(ValueError):
    """Chart.yaml could not be decoded; ``str(err)`` is Helm's message."""


_BY_LOWER = {f.lower(): f for f in (*_STRING_FIELDS, "sources", "keywords", "maintainers")}
_BY_LOWER.update({"deprecated": "deprecated", "annotations": "annotations"})
_JSON_KIND = {str: "string", bool: "bool", float: "number", list: "array", dict: "object"}


def _kind(v: Any) -> str:
    return _JSON_KIND.get(type(v), "value")


class _Decoder:
    """Collects the first type error while decoding on, like encoding/json."""

    def __init__(self) -> None:
        self.error: str | None = None

    def fail(self, value: Any, where: str, go_type: str) -> None:
        if self.error is None:
            self.error = (
                f"json: cannot unmarshal {_kind(value)} into Go struct field {where} "
                f"of type {go_type}"
            )

    def string(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        s = scalar_to_string(value)
        if s is None:
            self.fail(value, where, "string")
        return s

    def strings(self, value: Any, where: str) -> list[str] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(value, where, "[]string")
            return None
        out = []
        for item in value:
            s = self.string(item, where)
            out.append(s or "")
        return out


def parse_chartfile(data: bytes) -> Metadata:
    """Decode Chart.yaml bytes into Metadata.

    Raises:
        ChartfileError: ``error converting YAML to JSON: ...`` or ``error unmarshaling
            JSON: json: cannot unmarshal ...``.
    """
    try:
        tree = yaml_to_json_value(data.decode("utf-8", "replace"))
    except YAMLError as e:
        raise ChartfileError(str(e)) from None
    md = Metadata()
    if tree is None:
        return md
    if not isinstance(tree, dict):
        raise ChartfileError(
            f"error unmarshaling JSON: json: cannot unmarshal {_kind(tree)} into Go value "
            "of type chart.Metadata"
        )
    dec = _Decoder()
    # ghodss hands encoding/json an object with sorted keys: among case variants of
    # one field name the byte-wise last wins.
    for key, value in sorted(tree.items()):
        name = _BY_LOWER.get(key.lower())
        if name is None:
            continue
        where = f"Metadata.{name}"
        if name in _STRING_FIELDS:
            s = dec.string(value, where)
            if s is not None:
                setattr(md, name, s)
        elif name in ("sources", "keywords"):
            items = dec.strings(value, where)
            if items is not None:
                field = getattr(md, name)
                del field[:]
                field.extend(items)
        elif name == "maintainers":
            _maintainers(md, value, dec)
        elif name == "deprecated":
            if isinstance(value, bool):
                md.deprecated = value
            elif value is not None:
                dec.fail(value, where, "bool")
        else:
            _annotations(md, value, dec)
    if dec.error is not None:
        raise ChartfileError(f"error unmarshaling JSON: {dec.error}")
    return md


def _maintainers(md: Metadata, value: Any, dec: _Decoder) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        dec.fail(value, "Metadata.maintainers", "[]*chart.Maintainer")
        return
    del md.maintainers[:]
    for item in value:
        m = Maintainer()
        md.maintainers.append(m)
        if item is None:
            continue
        if not isinstance(item, dict):
            dec.fail(item, "Metadata.maintainers", "chart.Maintainer")
            continue
        for key, v in sorted(item.items()):
            attr = key.lower()
            if attr in ("name", "email", "url"):
                s = dec.string(v, f"Maintainer.{attr}")
                if s is not None:
                    setattr(m, attr, s)


def _annotations(md: Metadata, value: Any, dec: _Decoder) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        dec.fail(value, "Metadata.annotations", "map[string]string")
        return
    for k, v in value.items():
        s = dec.string(v, "Metadata.annotations")
        md.annotations[k] = s or ""
