"""Charts as plain Python objects, shaped like the ``hapi.chart`` messages.

``helm-tui template`` renders once per process, and importing protobuf and the
generated ``hapi`` modules costs about a fifth of such a process. So the chart loader
builds these classes, and converts them to the messages (:meth:`Chart.to_proto`) only
for callers that need messages (to send to Tiller, say). The engine renders either.

Each class has the message's fields under the same names, with lists for repeated
fields and a dict for ``annotations``, plus the part of the message API the loader and
the engine use: ``HasField``, ``CopyFrom`` and ``SetInParent``. One difference: reading
an unset message field (``chart.values``) sets it to an empty message, where protobuf
returns a default without marking the field present; only ``HasField`` can tell, and
nothing that reads a chart depends on it for an unset field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from hapi.chart.chart_pb2 import Chart as ChartMessage
    from hapi.chart.metadata_pb2 import Maintainer as MaintainerMessage
    from hapi.chart.metadata_pb2 import Metadata as MetadataMessage

    # For annotations only (import it under TYPE_CHECKING): a TypeVar with forward
    # references costs more than a ms to create at run time.
    AnyChart = TypeVar("AnyChart", ChartMessage, "Chart")
    """A chart either way: engine functions taking one return (or build) the same kind."""

STRING_FIELDS = (
    "name",
    "home",
    "version",
    "description",
    "engine",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "tillerVersion",
    "kubeVersion",
)
"""The string fields of ``hapi.chart.Metadata``."""


class Maintainer:
    """``hapi.chart.Maintainer``."""

    __slots__ = ("email", "name", "url")

    def __init__(self, name: str = "", email: str = "", url: str = "") -> None:
        self.name = name
        self.email = email
        self.url = url

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Maintainer):
            return NotImplemented
        return (self.name, self.email, self.url) == (other.name, other.email, other.url)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a message

    def __repr__(self) -> str:
        return f"Maintainer(name={self.name!r}, email={self.email!r}, url={self.url!r})"

    def to_proto(self) -> MaintainerMessage:
        """The ``hapi.chart.Maintainer`` message."""
        from hapi.chart.metadata_pb2 import Maintainer as MaintainerMessage

        return MaintainerMessage(name=self.name, email=self.email, url=self.url)


class Metadata:
    """``hapi.chart.Metadata``: what Chart.yaml says."""

    __slots__ = (*STRING_FIELDS, "annotations", "deprecated", "keywords", "maintainers", "sources")

    def __init__(self) -> None:
        self.name = self.home = self.version = self.description = self.engine = ""
        self.icon = self.apiVersion = self.condition = self.tags = self.appVersion = ""
        self.tillerVersion = self.kubeVersion = ""
        self.sources: list[str] = []
        self.keywords: list[str] = []
        self.maintainers: list[Maintainer] = []
        self.deprecated = False
        self.annotations: dict[str, str] = {}

    def CopyFrom(self, other: Metadata) -> None:
        """Become a copy of ``other`` (lists, dict and maintainers copied)."""
        for field in STRING_FIELDS:
            setattr(self, field, getattr(other, field))
        self.sources = list(other.sources)
        self.keywords = list(other.keywords)
        self.maintainers = [Maintainer(m.name, m.email, m.url) for m in other.maintainers]
        self.deprecated = other.deprecated
        self.annotations = dict(other.annotations)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Metadata):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Metadata(name={self.name!r}, version={self.version!r})"

    def to_proto(self) -> MetadataMessage:
        """The ``hapi.chart.Metadata`` message."""
        from hapi.chart.metadata_pb2 import Metadata as MetadataMessage

        md = MetadataMessage(
            sources=self.sources,
            keywords=self.keywords,
            maintainers=[m.to_proto() for m in self.maintainers],
            deprecated=self.deprecated,
            annotations=self.annotations,
        )
        for field in STRING_FIELDS:
            setattr(md, field, getattr(self, field))
        return md


class Template:
    """``hapi.chart.Template``: a file under ``templates/``."""

    __slots__ = ("data", "name")

    def __init__(self, name: str = "", data: bytes = b"") -> None:
        self.name = name
        self.data = data


class Config:
    """``hapi.chart.Config``: the chart's values.yaml text (``values`` is never used)."""

    __slots__ = ("raw",)

    def __init__(self, raw: str = "") -> None:
        self.raw = raw


class File:
    """A chart file other than a template (a ``google.protobuf.Any`` in ``hapi``).

    Attributes:
        type_url: the chart-relative path.
        value: the contents.
    """

    __slots__ = ("type_url", "value")

    def __init__(self, type_url: str = "", value: bytes = b"") -> None:
        self.type_url = type_url
        self.value = value


class Chart:
    """``hapi.chart.Chart``: metadata, templates, subcharts, values and other files."""

    __slots__ = ("_metadata", "_values", "dependencies", "files", "templates")

    def __init__(self) -> None:
        self._metadata: Metadata | None = None
        self._values: Config | None = None
        self.templates: list[Template] = []
        self.dependencies: list[Chart] = []
        self.files: list[File] = []

    @property
    def metadata(self) -> Metadata:
        """Chart.yaml's contents (an empty one, now set, if there was none)."""
        if self._metadata is None:
            self._metadata = Metadata()
        return self._metadata

    @property
    def values(self) -> Config:
        """The chart's values.yaml (an empty one, now set, if there was none)."""
        if self._values is None:
            self._values = Config()
        return self._values

    def HasField(self, name: str) -> bool:
        """Whether the message field ``metadata`` or ``values`` is set."""
        if name == "metadata":
            return self._metadata is not None
        if name == "values":
            return self._values is not None
        raise ValueError(f'Protocol message has no singular message field "{name}".')

    def CopyFrom(self, other: Chart) -> None:
        """Become a deep copy of ``other`` (file contents are shared: bytes are immutable)."""
        self._metadata = None
        if other._metadata is not None:
            self.metadata.CopyFrom(other._metadata)
        self._values = None if other._values is None else Config(other._values.raw)
        self.templates = [Template(t.name, t.data) for t in other.templates]
        self.dependencies = []
        for sub in other.dependencies:
            copy = Chart()
            copy.CopyFrom(sub)
            self.dependencies.append(copy)
        self.files = [File(f.type_url, f.value) for f in other.files]

    def to_proto(self) -> ChartMessage:
        """The ``hapi.chart.Chart`` message (subcharts included)."""
        from hapi.chart.chart_pb2 import Chart as ChartMessage
        from hapi.chart.template_pb2 import Template as TemplateMessage

        c = ChartMessage()
        if self._metadata is not None:
            c.metadata.CopyFrom(self._metadata.to_proto())
        c.templates.extend(TemplateMessage(name=t.name, data=t.data) for t in self.templates)
        c.dependencies.extend(sub.to_proto() for sub in self.dependencies)
        if self._values is not None:
            c.values.raw = self._values.raw
            c.values.SetInParent()
        for f in self.files:
            c.files.add(type_url=f.type_url, value=f.value)
        return c


__all__ = [
    "STRING_FIELDS",
    "AnyChart",
    "Chart",
    "Config",
    "File",
    "Maintainer",
    "Metadata",
    "Template",
]
