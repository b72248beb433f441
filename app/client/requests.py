"""What the write calls take and give back: frozen dataclasses, as for the read calls.

A request carries the chart either as loaded by ``app.charts.loader`` (a ``hapi`` Chart
message, passed through untouched) or as the client's own ``Chart`` dataclass (e.g. the
chart of a release fetched with ``release_content``); the client converts the latter.

``timeout`` is Tiller's own per-operation limit in seconds (each hook, the ``--wait``),
sent in the request exactly as Helm's CLI does (300 by default). The gRPC deadline the
client puts on the call is derived from it (see ``TillerClient``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from app.client.models import Chart, Release, TestRunStatus

if TYPE_CHECKING:
    from hapi.chart.chart_pb2 import Chart as ChartMessage

    ChartSource: TypeAlias = "ChartMessage | Chart"
else:
    ChartSource: TypeAlias = Any

DEFAULT_TIMEOUT = 300  # seconds; the default of every Helm v2 --timeout flag
EMPTY_VALUES = "{}\n"  # what Helm sends when the user gave no values (spec §10)


def values_or_empty(raw: str) -> str:
    """Helm never sends an empty ``Config.raw``: no values at all is ``{}``."""
    return raw if raw.strip() else EMPTY_VALUES


@dataclass(frozen=True)
class InstallRequest:
    """``InstallReleaseRequest`` (``helm install``).

    Attributes:
        chart: the chart to install (requirements are processed by the client).
        values: the user's values as YAML (``-f``/``--set`` merged); empty means none.
        name: the release name; empty lets Tiller generate one.
        namespace: the namespace to install into.
        dry_run: render and validate only; nothing is stored or created.
        disable_hooks: run no hooks (``--no-hooks``).
        disable_crd_hook: skip only ``crd-install`` hooks (``--no-crd-hook``).
        reuse_name: reuse the name of a deleted or failed release (``--replace``).
        timeout: Tiller's per-operation limit, seconds.
        wait: wait until resources are ready before marking the release deployed.
        description: custom release description.
        sub_notes: render subcharts' NOTES.txt too (``--render-subchart-notes``).
    """

    chart: ChartSource
    values: str = ""
    name: str = ""
    namespace: str = "default"
    dry_run: bool = False
    disable_hooks: bool = False
    disable_crd_hook: bool = False
    reuse_name: bool = False
    timeout: int = DEFAULT_TIMEOUT
    wait: bool = False
    description: str = ""
    sub_notes: bool = False


@dataclass(frozen=True)
class UpgradeRequest:
    """``UpdateReleaseRequest`` (``helm upgrade``).

    Attributes as for ``InstallRequest``, plus:

    Attributes:
        recreate: restart pods of updated workloads (``--recreate-pods``).
        force: delete and recreate resources that cannot be patched.
        reset_values: ignore the previous release's values.
        reuse_values: merge these values over the previous release's.
        cleanup_on_fail: delete resources created by a failed upgrade.
    """

    name: str
    chart: ChartSource
    values: str = ""
    dry_run: bool = False
    disable_hooks: bool = False
    recreate: bool = False
    timeout: int = DEFAULT_TIMEOUT
    reset_values: bool = False
    wait: bool = False
    reuse_values: bool = False
    force: bool = False
    description: str = ""
    sub_notes: bool = False
    cleanup_on_fail: bool = False


@dataclass(frozen=True)
class RollbackRequest:
    """``RollbackReleaseRequest`` (``helm rollback NAME REVISION``).

    Attributes:
        name: the release.
        revision: the revision to roll back to; 0 means the previous one.
        Other attributes as for ``UpgradeRequest``.
    """

    name: str
    revision: int = 0
    dry_run: bool = False
    disable_hooks: bool = False
    recreate: bool = False
    timeout: int = DEFAULT_TIMEOUT
    wait: bool = False
    force: bool = False
    description: str = ""
    cleanup_on_fail: bool = False


@dataclass(frozen=True)
class UninstallRequest:
    """``UninstallReleaseRequest`` (``helm delete``).

    Attributes:
        name: the release.
        disable_hooks: run no delete hooks.
        purge: also remove the release's stored history, freeing its name.
        timeout: Tiller's per-operation limit, seconds.
        description: custom description of the deleted revision.
    """

    name: str
    disable_hooks: bool = False
    purge: bool = False
    timeout: int = DEFAULT_TIMEOUT
    description: str = ""


@dataclass(frozen=True)
class UninstallResult:
    """``UninstallReleaseResponse``.

    Attributes:
        release: the deleted release revision (``None`` if Tiller sent none).
        info: Tiller's summary of resources it kept (``helm.sh/resource-policy``).
    """

    release: Release | None
    info: str = ""


@dataclass(frozen=True)
class TestRequest:
    """``TestReleaseRequest`` (``helm test``).

    Attributes:
        name: the release.
        timeout: Tiller's limit for each test pod, seconds.
        cleanup: delete the test pods afterwards.
        parallel: run test pods concurrently.
        max_parallel: at most this many at once (Helm's default 20).
        logs: stream the test pods' logs after they ran.
    """

    __test__ = False  # not a pytest test class, despite the name

    name: str
    timeout: int = DEFAULT_TIMEOUT
    cleanup: bool = False
    parallel: bool = False
    max_parallel: int = 20
    logs: bool = False


@dataclass(frozen=True)
class TestMessage:
    """One ``TestReleaseResponse`` of the stream: a line of progress and its status."""

    __test__ = False  # not a pytest test class, despite the name

    msg: str
    status: TestRunStatus = TestRunStatus.UNKNOWN
