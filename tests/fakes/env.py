"""A Tiller Env for unit tests: memory storage, FakeKube, the substitution renderer."""

from __future__ import annotations

from dataclasses import dataclass

from hapi.chart import config_pb2
from hapi.release import release_pb2, status_pb2
from hapi.services import tiller_pb2

from tests.fakes.kube import FakeKube
from tests.fakes.render import chart, fake_render
from tiller.releases.env import Env
from tiller.releases.install import install_release
from tiller.storage.memory import MemoryDriver
from tiller.storage.storage import Storage
from tiller.version import TillerVersion

CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cfg
data:
  revision: "{{ .Release.Revision }}"
"""
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
"""
NOTES = "Thanks for installing {{ .Release.Name }}"


def job_hook(name: str, events: str, weight: int = 0, policy: str = "", fail: str = "") -> str:
    """A hook Job template."""
    lines = [
        "apiVersion: batch/v1",
        "kind: Job",
        "metadata:",
        f"  name: {name}",
        "  annotations:",
        f'    "helm.sh/hook": {events}',
        f'    "helm.sh/hook-weight": "{weight}"',
    ]
    if policy:
        lines.append(f'    "helm.sh/hook-delete-policy": {policy}')
    if fail:
        lines.append(f'    "fake.test/fail": {fail}')
    return "\n".join(lines) + "\nspec: {template: {spec: {containers: [{name: c, image: x}]}}}\n"


def pod_hook(name: str, event: str = "test-success", phase: str = "") -> str:
    """A test Pod hook template."""
    extra = f'\n    "helm-tui.test/fake-phase": {phase}' if phase else ""
    return (
        f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  annotations:\n"
        f'    "helm.sh/hook": {event}{extra}\nspec: {{containers: [{{name: t, image: x}}]}}\n'
    )


@dataclass
class World:
    """Everything a lifecycle unit test touches."""

    env: Env
    kube: FakeKube
    storage: Storage

    def install(self, name: str = "demo", **kw: object) -> release_pb2.Release:
        tpl = kw.pop("templates", None) or {"templates/cm.yaml": CM}
        req = tiller_pb2.InstallReleaseRequest(
            name=name,
            namespace=str(kw.pop("namespace", "ns")),
            chart=chart("demo", tpl),  # type: ignore[arg-type]
            values=config_pb2.Config(raw=str(kw.pop("values", "{}\n"))),
            **kw,  # type: ignore[arg-type]
        )
        return install_release(self.env, req).release

    def statuses(self, name: str = "demo") -> list[tuple[int, str, str]]:
        """(version, status name, description) of every revision, oldest first."""
        return [
            (r.version, status_pb2.Status.Code.Name(r.info.status.code), r.info.Description)
            for r in self.storage.history(name)
        ]


def make_world(history_max: int = 0) -> World:
    """A fresh world."""
    storage = Storage(MemoryDriver(), max_history=history_max)
    kube = FakeKube()
    env = Env(
        storage=storage,
        kube=kube,
        version=TillerVersion("v2.17.0", "abc", "clean"),
        renderer=fake_render,
    )
    return World(env=env, kube=kube, storage=storage)
