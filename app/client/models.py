"""What the client hands to the rest of the app: frozen dataclasses, never protobuf messages.

Field names follow Helm's (``revision`` for ``Release.version``, which Helm prints as
REVISION). Timestamps are timezone-aware UTC datetimes, or ``None`` when the message did not
carry one (Helm then prints ``-``). Enums carry Helm's names, since Helm prints those.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class ReleaseStatus(enum.Enum):
    """``hapi.release.Status.Code``: where a release revision is in its lifecycle (spec §8)."""

    UNKNOWN = 0
    DEPLOYED = 1
    DELETED = 2
    SUPERSEDED = 3
    FAILED = 4
    DELETING = 5
    PENDING_INSTALL = 6
    PENDING_UPGRADE = 7
    PENDING_ROLLBACK = 8


class SortBy(enum.Enum):
    """``ListSort.SortBy``: the order Tiller sorts a release list in."""

    UNKNOWN = 0
    NAME = 1
    LAST_RELEASED = 2
    CHART_NAME = 3


class SortOrder(enum.Enum):
    """``ListSort.SortOrder``."""

    ASC = 0
    DESC = 1


class HookEvent(enum.Enum):
    """``hapi.release.Hook.Event``: when a hook runs."""

    UNKNOWN = 0
    PRE_INSTALL = 1
    POST_INSTALL = 2
    PRE_DELETE = 3
    POST_DELETE = 4
    PRE_UPGRADE = 5
    POST_UPGRADE = 6
    PRE_ROLLBACK = 7
    POST_ROLLBACK = 8
    RELEASE_TEST_SUCCESS = 9
    RELEASE_TEST_FAILURE = 10
    CRD_INSTALL = 11


class HookDeletePolicy(enum.Enum):
    """``hapi.release.Hook.DeletePolicy``."""

    SUCCEEDED = 0
    FAILED = 1
    BEFORE_HOOK_CREATION = 2


class TestRunStatus(enum.Enum):
    """``hapi.release.TestRun.Status``."""

    __test__ = False  # not a pytest test class, despite the name

    UNKNOWN = 0
    SUCCESS = 1
    FAILURE = 2
    RUNNING = 3


@dataclass(frozen=True)
class VersionInfo:
    """``hapi.version.Version``: a Helm/Tiller build."""

    sem_ver: str
    git_commit: str = ""
    git_tree_state: str = ""


@dataclass(frozen=True)
class Maintainer:
    """A chart maintainer (Chart.yaml ``maintainers``)."""

    name: str
    email: str = ""
    url: str = ""


@dataclass(frozen=True)
class ChartMetadata:
    """``hapi.chart.Metadata``, i.e. Chart.yaml.

    ``annotations`` is a tuple of (key, value) pairs sorted by key, so the dataclass stays
    hashable; use ``dict(meta.annotations)`` for lookups.
    """

    name: str
    version: str = ""
    app_version: str = ""
    description: str = ""
    api_version: str = ""
    home: str = ""
    icon: str = ""
    engine: str = ""
    condition: str = ""
    tags: str = ""
    tiller_version: str = ""
    kube_version: str = ""
    deprecated: bool = False
    sources: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    maintainers: tuple[Maintainer, ...] = ()
    annotations: tuple[tuple[str, str], ...] = ()

    @property
    def full_name(self) -> str:
        """``<name>-<version>``, the CHART column of ``helm list``."""
        return f"{self.name}-{self.version}"


@dataclass(frozen=True)
class ChartFile:
    """A file inside a chart: a template (``templates/...``) or any other file."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Chart:
    """``hapi.chart.Chart``: a chart as installed, with its subcharts."""

    metadata: ChartMetadata
    values: str = ""  # the chart's default values.yaml text
    templates: tuple[ChartFile, ...] = ()
    files: tuple[ChartFile, ...] = ()
    dependencies: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Hook:
    """``hapi.release.Hook``: a rendered hook resource and when it runs."""

    name: str
    kind: str
    path: str
    manifest: str
    events: tuple[HookEvent, ...] = ()
    last_run: datetime | None = None
    weight: int = 0
    delete_policies: tuple[HookDeletePolicy, ...] = ()
    delete_timeout: int = 0  # seconds


@dataclass(frozen=True)
class TestRun:
    """``hapi.release.TestRun``: one test pod's outcome."""

    __test__ = False  # not a pytest test class, despite the name

    name: str
    status: TestRunStatus = TestRunStatus.UNKNOWN
    info: str = ""
    started_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class TestSuite:
    """``hapi.release.TestSuite``: the last ``helm test`` run of a release."""

    __test__ = False  # not a pytest test class, despite the name

    started_at: datetime | None = None
    completed_at: datetime | None = None
    results: tuple[TestRun, ...] = ()


@dataclass(frozen=True)
class ReleaseInfo:
    """``hapi.release.Info`` with its ``Status`` message folded in."""

    status: ReleaseStatus = ReleaseStatus.UNKNOWN
    first_deployed: datetime | None = None
    last_deployed: datetime | None = None
    deleted: datetime | None = None
    description: str = ""
    resources: str = ""  # kubectl-like table of the release's live objects (status only)
    notes: str = ""  # rendered NOTES.txt
    last_test_suite_run: TestSuite | None = None


@dataclass(frozen=True)
class Release:
    """``hapi.release.Release``: one revision of a release."""

    name: str
    revision: int
    namespace: str = ""
    info: ReleaseInfo = field(default_factory=ReleaseInfo)
    chart: Chart | None = None
    config: str = ""  # the user-supplied values (YAML), not the chart defaults
    manifest: str = ""
    hooks: tuple[Hook, ...] = ()

    @property
    def status(self) -> ReleaseStatus:
        """Shortcut for ``info.status``."""
        return self.info.status


@dataclass(frozen=True)
class ReleasePage:
    """One ListReleases answer, its stream chunks merged.

    Attributes:
        releases: the releases of this page, in Tiller's order. Several revisions of one name
            can appear; see ``app.client.listing.latest_per_name``.
        count: how many releases Tiller put in this page.
        next: the name to pass as ``offset`` for the next page; empty on the last page.
        total: how many releases matched in all.
    """

    releases: tuple[Release, ...] = ()
    count: int = 0
    next: str = ""
    total: int = 0


@dataclass(frozen=True)
class StatusReport:
    """GetReleaseStatus's answer: a release's state, live resources and notes."""

    name: str
    namespace: str
    info: ReleaseInfo
