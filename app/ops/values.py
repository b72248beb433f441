"""The user's values: merged from flags as Helm's client does, and read back from releases.

Merging (``-f`` files in order, then ``--set``, ``--set-string``, ``--set-file``) is
``app.charts.uservalues``: the same code ``helm-tui template`` uses, so a value renders
the same whether templated locally or installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.ops.errors import OpsError
from app.ops.redact import redact_values

if TYPE_CHECKING:
    from app.client.models import Chart


@dataclass(frozen=True)
class ValueSources:
    """Where the user's values come from, in Helm's precedence order (last wins).

    Attributes:
        files: ``-f``/``--values`` files or URLs (``-`` reads standard input).
        set: ``--set key=value`` lines (typed: numbers, booleans, null).
        set_string: ``--set-string`` lines (always strings).
        set_file: ``--set-file key=path`` lines (the file's content as a string).
    """

    files: tuple[str, ...] = ()
    set: tuple[str, ...] = ()
    set_string: tuple[str, ...] = ()
    set_file: tuple[str, ...] = ()


def merge_values(sources: ValueSources) -> str:
    """The values YAML Helm would send (``{}`` when nothing was given).

    Raises:
        OpsError: Helm's message for an unreadable file or a bad ``--set``.
    """
    from app.charts.uservalues import UserValuesError, user_values

    try:
        return user_values(sources.files, sources.set, sources.set_string, sources.set_file)
    except UserValuesError as err:
        raise OpsError(str(err)) from None


def read_values(raw: str) -> dict[str, Any]:
    """Parse a values YAML as Helm's ``chartutil.ReadValues`` (numbers become floats).

    Raises:
        OpsError: Go's YAML error text.
    """
    from tiller.engine.funcs.yamlin import YAMLError, load_yaml_like_helm

    try:
        return load_yaml_like_helm(raw)
    except YAMLError as err:
        raise OpsError(str(err)) from None


def computed_values(chart: Chart | None, config: str) -> dict[str, Any]:
    """A release's full values: its chart's defaults coalesced with its user values.

    Raises:
        OpsError: the values could not be coalesced (Helm's message).
    """
    if chart is None:
        return read_values(config)
    from app.client.outgoing import chart_message
    from tiller.engine.funcs.yamlin import YAMLError
    from tiller.engine.values import ValuesError, coalesce_values

    try:
        return dict(coalesce_values(chart_message(chart), config, lambda _message: None))
    except (ValuesError, YAMLError) as err:
        raise OpsError(str(err)) from None


def values_yaml(tree: dict[str, Any], *, show_secrets: bool = False) -> str:
    """Values as Helm prints them (``Values.YAML()``: ghodss YAML), masked by default."""
    from tiller.engine.funcs.yamlout import to_yaml

    shown = tree if show_secrets else redact_values(tree)[0]
    return to_yaml(shown)


def values_json(tree: dict[str, Any], *, show_secrets: bool = False) -> str:
    """Values as ``helm get values -o json`` prints them (Go's ``json.Marshal``)."""
    from tiller.engine.funcs.jsonout import marshal

    shown = tree if show_secrets else redact_values(tree)[0]
    return marshal(shown)
