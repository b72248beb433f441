"""``hapi.chart.Metadata`` as Helm v2 serialises it (Chart.yaml in packages, index entries).

Helm marshals the generated Go struct through JSON, whose tags are all ``omitempty``: empty
strings, empty lists, ``false`` and empty maps disappear, and the keys are the proto field
names (camelCase). :func:`metadata_dict` builds that JSON object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tiller.engine.chartmodel import STRING_FIELDS as _STRINGS

if TYPE_CHECKING:
    from hapi.chart.metadata_pb2 import Metadata


def metadata_dict(md: Metadata) -> dict[str, Any]:
    """The JSON object Go's ``json.Marshal`` makes of ``md`` (empty fields omitted)."""
    out: dict[str, Any] = {}
    for key in _STRINGS:
        value = getattr(md, key)
        if value:
            out[key] = value
    if md.sources:
        out["sources"] = list(md.sources)
    if md.keywords:
        out["keywords"] = list(md.keywords)
    if md.maintainers:
        people = []
        for m in md.maintainers:
            person = {k: v for k, v in (("name", m.name), ("email", m.email), ("url", m.url)) if v}
            people.append(person)
        out["maintainers"] = people
    if md.deprecated:
        out["deprecated"] = True
    if md.annotations:
        out["annotations"] = dict(md.annotations)
    return out


def chartfile_text(md: Metadata) -> str:
    """Chart.yaml as ``chartutil.SaveChartfile`` writes it (sorted keys, yaml.v2 quoting)."""
    from app.repos import yamlio

    return yamlio.dump(metadata_dict(md))
