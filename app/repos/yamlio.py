"""YAML as Helm v2 reads and writes its own files (index.yaml, repositories.yaml, locks).

Writing goes through the engine's port of ghodss/yaml + yaml.v2, so files come out
byte-for-byte as Helm writes them (sorted keys, yaml.v2 quoting). Reading uses libyaml
with YAML 1.1 typing but keeps timestamps as text: Helm decodes them through JSON into
``time.Time`` fields, and we only ever echo them back.
"""

from __future__ import annotations

from typing import Any

import yaml

from app.repos.errors import HelmError


class _Loader(yaml.CSafeLoader):
    """libyaml's safe loader without the timestamp resolver."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def load(data: bytes | str, what: str) -> Any:
    """Parse one YAML document.

    Raises:
        HelmError: ``error converting YAML to JSON: <reason>`` naming ``what`` was read.
    """
    try:
        return yaml.load(data, Loader=_Loader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as err:
        reason = str(err).replace("\n", " ")
        raise HelmError(f"error converting YAML to JSON ({what}): {reason}") from None


def dump(value: Any) -> str:
    """Serialise ``value`` exactly as Helm's ``yaml.Marshal`` (ghodss/yaml) would."""
    from tiller.engine.funcs.yamlout import to_yaml

    return to_yaml(value)
