"""requirements.yaml decoding, as ghodss/yaml into ``chartutil.Requirements`` (Helm v2).

YAML 1.1 typing, then encoding/json into the struct: field names match
case-insensitively, unknown keys are ignored, numbers and booleans bound for string
fields become strings, other type mismatches are Go's ``cannot unmarshal`` errors.
"""

from __future__ import annotations

from typing import Any

from tiller.engine.funcs.yamlin import YAMLError, yaml_to_json_value
from tiller.engine.ghodss import scalar_to_string


class RequirementsError(ValueError):
    """requirements.yaml is unusable; ``str(err)`` is Helm's message."""


class Dependency:
    """One entry of requirements.yaml (``chartutil.Dependency``).

    A plain class, not a dataclass: importing ``dataclasses`` costs a one-shot
    ``helm-tui template`` several ms.
    """

    _FIELDS = (
        "name",
        "version",
        "repository",
        "condition",
        "tags",
        "enabled",
        "import_values",
        "alias",
    )

    def __init__(
        self,
        name: str = "",
        version: str = "",
        repository: str = "",
        condition: str = "",
        tags: list[str] | None = None,
        enabled: bool = False,
        import_values: list[Any] | None = None,
        alias: str = "",
    ) -> None:
        self.name = name
        self.version = version
        self.repository = repository
        self.condition = condition
        self.tags: list[str] = [] if tags is None else tags
        self.enabled = enabled
        self.import_values: list[Any] = [] if import_values is None else import_values
        self.alias = alias

    def __eq__(self, other: object) -> bool:
        if type(other) is not Dependency:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._FIELDS)
        return f"Dependency({fields})"


# JSON field name (matched case-insensitively, as encoding/json does) -> (attribute, kind).
_FIELDS = {
    "name": ("name", "string"),
    "version": ("version", "string"),
    "repository": ("repository", "string"),
    "condition": ("condition", "string"),
    "tags": ("tags", "[]string"),
    "enabled": ("enabled", "bool"),
    "import-values": ("import_values", "[]interface {}"),
    "alias": ("alias", "string"),
}
_JSON_KIND = {str: "string", bool: "bool", float: "number", list: "array", dict: "object"}


def _decode_dependency(obj: Any, errors: list[str]) -> Dependency | None:
    # encoding/json keeps decoding after a type error and reports the first one.
    if obj is None:
        return None
    dep = Dependency()
    if not isinstance(obj, dict):
        errors.append(_type_error(obj, "Requirements.dependencies", "chartutil.Dependency"))
        return dep
    for key, value in sorted(obj.items()):
        spec = _FIELDS.get(key.lower())
        if spec is None or value is None:
            continue
        attr, kind = spec
        where = f"Dependency.{key}"
        if kind == "string":
            text = scalar_to_string(value)
            if text is not None:
                setattr(dep, attr, text)
            else:
                errors.append(_type_error(value, where, "string"))
        elif kind == "bool":
            if isinstance(value, bool):
                dep.enabled = value
            else:
                errors.append(_type_error(value, where, "bool"))
        elif kind == "[]string":
            if not isinstance(value, list):
                errors.append(_type_error(value, where, "[]string"))
                continue
            tags = []
            for item in value:
                text = "" if item is None else scalar_to_string(item)
                if text is None:
                    errors.append(_type_error(item, where, "string"))
                else:
                    tags.append(text)
            dep.tags = tags
        elif isinstance(value, list):
            dep.import_values = value
        else:
            errors.append(_type_error(value, where, "[]interface {}"))
    return dep


def _type_error(value: Any, where: str, go_type: str) -> str:
    kind = _JSON_KIND.get(type(value), "value")
    return f"json: cannot unmarshal {kind} into Go struct field {where} of type {go_type}"


def parse_requirements(data: bytes) -> list[Dependency]:
    """Decode requirements.yaml the ghodss way (YAML -> JSON -> struct).

    Raises:
        RequirementsError: Go's decoding error text.
    """
    try:
        tree = yaml_to_json_value(data.decode("utf-8", errors="replace"))
    except YAMLError as e:
        raise RequirementsError(str(e)) from None
    if tree is None:
        return []
    if not isinstance(tree, dict):
        kind = _JSON_KIND.get(type(tree), "value")
        raise RequirementsError(
            "error unmarshaling JSON: json: cannot unmarshal "
            f"{kind} into Go value of type chartutil.Requirements"
        )
    errors: list[str] = []
    deps: list[Dependency] = []
    for key, value in sorted(tree.items()):
        if key.lower() != "dependencies" or value is None:
            continue
        if not isinstance(value, list):
            errors.append(
                _type_error(value, "Requirements.dependencies", "[]*chartutil.Dependency")
            )
            continue
        deps = [d for d in (_decode_dependency(v, errors) for v in value) if d is not None]
    if errors:
        raise RequirementsError(f"error unmarshaling JSON: {errors[0]}")
    return deps
