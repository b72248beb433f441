"""kubectl-like tables of live objects, as Helm v2 puts in ``info.status.resources``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

Row = list[str]
Obj = dict[str, Any]


def human_duration(seconds: float) -> str:
    """Kubernetes' HumanDuration, as kubectl prints AGE."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rest = (s % 3600) // 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d{rest}h" if rest else f"{hours // 24}d"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        return f"{hours // 24 // 365}y{(hours // 24) % 365}d"
    return f"{hours // 24 // 365}y"


def age(obj: Obj, now: datetime) -> str:
    """AGE column of an object."""
    stamp = (obj.get("metadata") or {}).get("creationTimestamp")
    if not stamp:
        return "<unknown>"
    created = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    return human_duration((now - created).total_seconds())


def _spec(obj: Obj) -> Obj:
    return obj.get("spec") or {}


def _status(obj: Obj) -> Obj:
    return obj.get("status") or {}


def _ports(obj: Obj) -> str:
    parts = []
    for port in _spec(obj).get("ports") or []:
        text = f"{port.get('port')}"
        if port.get("nodePort"):
            text += f":{port['nodePort']}"
        parts.append(f"{text}/{port.get('protocol', 'TCP')}")
    return ",".join(parts) or "<none>"


def _pod_ready(obj: Obj) -> str:
    statuses = _status(obj).get("containerStatuses") or []
    total = len(_spec(obj).get("containers") or [])
    ready = sum(1 for c in statuses if c.get("ready"))
    return f"{ready}/{total}"


def _restarts(obj: Obj) -> str:
    return str(
        sum(int(c.get("restartCount", 0)) for c in _status(obj).get("containerStatuses") or [])
    )


# kind -> (headers after NAME, cells after NAME). AGE is appended to every table.
COLUMNS: dict[str, tuple[list[str], Callable[[Obj], Row]]] = {
    "ConfigMap": (
        ["DATA"],
        lambda o: [str(len(o.get("data") or {}) + len(o.get("binaryData") or {}))],
    ),
    "Secret": (
        ["TYPE", "DATA"],
        lambda o: [str(o.get("type", "Opaque")), str(len(o.get("data") or {}))],
    ),
    "ServiceAccount": (["SECRETS"], lambda o: [str(len(o.get("secrets") or []))]),
    "Service": (
        ["TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)"],
        lambda o: [
            str(_spec(o).get("type", "ClusterIP")),
            str(_spec(o).get("clusterIP") or "<none>"),
            ",".join(_spec(o).get("externalIPs") or []) or "<none>",
            _ports(o),
        ],
    ),
    "Deployment": (
        ["READY", "UP-TO-DATE", "AVAILABLE"],
        lambda o: [
            f"{_status(o).get('readyReplicas', 0)}/{_spec(o).get('replicas', 1)}",
            str(_status(o).get("updatedReplicas", 0)),
            str(_status(o).get("availableReplicas", 0)),
        ],
    ),
    "StatefulSet": (
        ["READY"],
        lambda o: [f"{_status(o).get('readyReplicas', 0)}/{_spec(o).get('replicas', 1)}"],
    ),
    "DaemonSet": (
        ["DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE"],
        lambda o: [
            str(_status(o).get(k, 0))
            for k in (
                "desiredNumberScheduled",
                "currentNumberScheduled",
                "numberReady",
                "updatedNumberScheduled",
                "numberAvailable",
            )
        ],
    ),
    "Pod": (
        ["READY", "STATUS", "RESTARTS"],
        lambda o: [_pod_ready(o), str(_status(o).get("phase", "Unknown")), _restarts(o)],
    ),
    "Job": (
        ["COMPLETIONS"],
        lambda o: [f"{_status(o).get('succeeded', 0)}/{_spec(o).get('completions', 1)}"],
    ),
    "PersistentVolumeClaim": (
        ["STATUS", "VOLUME"],
        lambda o: [str(_status(o).get("phase", "Pending")), str(_spec(o).get("volumeName", ""))],
    ),
}


def table(kind: str, objects: list[Obj], now: datetime | None = None) -> str:
    """Render ``objects`` (all of ``kind``) as an aligned kubectl-style table."""
    now = now or datetime.now(UTC)
    headers, cells = COLUMNS.get(kind, ([], lambda _o: []))
    rows: list[Row] = [["NAME", *headers, "AGE"]]
    for obj in objects:
        rows.append([str((obj.get("metadata") or {}).get("name", "")), *cells(obj), age(obj, now)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"
