"""The top-level template data Helm v2.17 builds (``chartutil.ToRenderValuesCaps``).

``.Release`` is a map (Name, Time, Namespace, IsUpgrade, IsInstall, Revision,
Service=Tiller), ``.Chart`` the chart's ``*chart.Metadata`` with Go field names,
``.Files`` the chart's files, ``.Capabilities`` and ``.Values`` the coalesced values.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tiller.engine import chartmodel
from tiller.engine.capabilities import Capabilities, default_capabilities
from tiller.engine.files import Files
from tiller.engine.gotemplate.gofunc import gofunc
from tiller.engine.gotemplate.govalues import GoStruct, Int32, Int64, StringMap, StringSlice
from tiller.engine.values import Values, Warn, coalesce_values, log_warning

if TYPE_CHECKING:
    from google.protobuf.timestamp_pb2 import Timestamp as TimestampPB
    from hapi.chart.metadata_pb2 import Maintainer as MaintainerPB
    from hapi.chart.metadata_pb2 import Metadata as MetadataPB

    from tiller.engine.chartmodel import AnyChart

# The String() methods below print protobuf's text form, so they import protobuf (and
# the generated hapi modules) when called: a render that never prints these skips both.


class Timestamp(GoStruct):
    """``*timestamp.Timestamp`` (``.Release.Time``)."""

    _go_type = "*timestamp.Timestamp"
    Seconds: int
    Nanos: int
    _go_fields = ("Seconds", "Nanos")
    _go_json_fields = (("seconds", "Seconds", True), ("nanos", "Nanos", True))

    @gofunc("String", result="string")
    def string(self) -> str:
        """Compact protobuf text (``seconds:1577836800 ``)."""
        from google.protobuf.timestamp_pb2 import Timestamp as TimestampPB

        from tiller.engine.prototext import compact_text

        return compact_text(TimestampPB(seconds=int(self.Seconds), nanos=int(self.Nanos)))


def timestamp(seconds: int, nanos: int = 0) -> Timestamp:
    """Build a ``.Release.Time`` value."""
    return Timestamp(Seconds=Int64(seconds), Nanos=Int32(nanos))


def now() -> Timestamp:
    """``timeconv.Now()``: the current time in seconds and nanoseconds."""
    ns = time.time_ns()
    return timestamp(ns // 1_000_000_000, ns % 1_000_000_000)


class Maintainer(GoStruct):
    """``*chart.Maintainer``."""

    _go_type = "*chart.Maintainer"
    _go_fields = ("Name", "Email", "Url")
    _go_json_fields = (("name", "Name", True), ("email", "Email", True), ("url", "Url", True))

    def __init__(
        self, pb: MaintainerPB | chartmodel.Maintainer | None = None, **fields: Any
    ) -> None:
        super().__init__(**fields)
        self._pb = pb

    @gofunc("String", result="string")
    def string(self) -> str:
        """Compact protobuf text of the maintainer."""
        from hapi.chart.metadata_pb2 import Maintainer as MaintainerPB

        from tiller.engine.prototext import compact_text

        pb = self._pb
        if isinstance(pb, chartmodel.Maintainer):
            return compact_text(pb.to_proto())
        return compact_text(pb or MaintainerPB())


_METADATA_FIELDS = (
    # (Go field, proto field, json omitempty name)
    ("Name", "name"),
    ("Home", "home"),
    ("Sources", "sources"),
    ("Version", "version"),
    ("Description", "description"),
    ("Keywords", "keywords"),
    ("Maintainers", "maintainers"),
    ("Engine", "engine"),
    ("Icon", "icon"),
    ("ApiVersion", "apiVersion"),
    ("Condition", "condition"),
    ("Tags", "tags"),
    ("AppVersion", "appVersion"),
    ("Deprecated", "deprecated"),
    ("TillerVersion", "tillerVersion"),
    ("Annotations", "annotations"),
    ("KubeVersion", "kubeVersion"),
)


class Metadata(GoStruct):
    """``*chart.Metadata``: ``.Chart`` in templates (Chart.yaml with Go field names)."""

    _go_type = "*chart.Metadata"
    _go_fields = tuple(go for go, _ in _METADATA_FIELDS)
    _go_json_fields = tuple((pb, go, True) for go, pb in _METADATA_FIELDS)

    def __init__(self, pb: MetadataPB | chartmodel.Metadata | None = None, **fields: Any) -> None:
        super().__init__(**fields)
        self._pb = pb

    @classmethod
    def from_proto(cls, md: MetadataPB | chartmodel.Metadata) -> Metadata:
        """Convert a chart's metadata, message or plain (keeping it for ``String()``)."""
        values: dict[str, Any] = {}
        for go, pb in _METADATA_FIELDS:
            v = getattr(md, pb)
            if pb in ("sources", "keywords"):
                v = StringSlice(v)
            elif pb == "maintainers":
                v = [Maintainer(m, Name=m.name, Email=m.email, Url=m.url) for m in md.maintainers]
            elif pb == "annotations":
                v = StringMap(v)
            values[go] = v
        return cls(md, **values)

    @gofunc("String", result="string")
    def string(self) -> str:
        """Compact protobuf text of the metadata."""
        from hapi.chart.metadata_pb2 import Metadata as MetadataPB

        from tiller.engine.prototext import compact_text

        pb = self._pb
        if isinstance(pb, chartmodel.Metadata):
            return compact_text(pb.to_proto())
        return compact_text(pb or MetadataPB())


class ReleaseOptions:
    """What a render knows about the release (``chartutil.ReleaseOptions``); immutable.

    Attributes:
        time: ``.Release.Time`` (a protobuf Timestamp is accepted too); None means now.
            Equality ignores it.
    """

    # A plain class, not a frozen dataclass: importing ``dataclasses`` costs a one-shot
    # ``helm-tui template`` several ms.
    __slots__ = ("is_install", "is_upgrade", "name", "namespace", "revision", "time")

    name: str
    namespace: str
    revision: int
    is_upgrade: bool
    is_install: bool
    time: Timestamp | TimestampPB | None

    def __init__(
        self,
        name: str,
        namespace: str = "default",
        revision: int = 1,
        is_upgrade: bool = False,
        is_install: bool = True,
        time: Timestamp | TimestampPB | None = None,
    ) -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "namespace", namespace)
        init(self, "revision", revision)
        init(self, "is_upgrade", is_upgrade)
        init(self, "is_install", is_install)
        init(self, "time", time)

    def _compared(self) -> tuple[Any, ...]:
        return (self.name, self.namespace, self.revision, self.is_upgrade, self.is_install)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: ReleaseOptions is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: ReleaseOptions is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not ReleaseOptions:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        return (
            f"ReleaseOptions(name={self.name!r}, namespace={self.namespace!r}, "
            f"revision={self.revision!r}, is_upgrade={self.is_upgrade!r}, "
            f"is_install={self.is_install!r}, time={self.time!r})"
        )


def _release_time(t: Timestamp | TimestampPB | None) -> Timestamp:
    if t is None:
        return now()
    if isinstance(t, Timestamp):
        return t
    return timestamp(t.seconds, t.nanos)


def release_map(options: ReleaseOptions) -> dict[str, Any]:
    """The ``.Release`` map."""
    return {
        "Name": options.name,
        "Time": _release_time(options.time),
        "Namespace": options.namespace,
        "IsUpgrade": options.is_upgrade,
        "IsInstall": options.is_install,
        "Revision": options.revision,
        "Service": "Tiller",
    }


def to_render_values(
    chart: AnyChart,
    config_raw: str | None,
    options: ReleaseOptions,
    caps: Capabilities | None = None,
    warn: Warn = log_warning,
    coalesce: Callable[[AnyChart, str | None, Warn], Values] = coalesce_values,
) -> Values:
    """Build the top-level template data of a render (``ToRenderValuesCaps``).

    Args:
        chart: the requirements-processed chart.
        config_raw: the user's values YAML (None: the request had no Config).
        options: release name, namespace, revision, upgrade/install, time.
        caps: capabilities (default: ``helm template``'s).
        warn: sink for coalescing warnings.
        coalesce: the coalescing function (tests may stub it).

    Raises:
        tiller.engine.values.ValuesError: coalescing failed.
        tiller.engine.funcs.yamlin.YAMLError: unparsable user values.
    """
    top = Values(
        Release=release_map(options),
        Chart=Metadata.from_proto(chart.metadata),
        Files=Files.from_chart_files(chart.files),
        Capabilities=caps if caps is not None else default_capabilities(),
    )
    top["Values"] = coalesce(chart, config_raw, warn)
    return top
