"""``.Capabilities``: API versions, Kubernetes version and Tiller version (Helm v2.17).

Tiller fills ``APIVersions`` from the cluster's discovery (``group/version`` and
``group/version/Kind``); ``helm template`` uses :data:`DEFAULT_API_VERSIONS`, the
groups compiled into Helm v2.17's Kubernetes client (client-go 1.16) plus the two
apiextensions versions it registers. The default Kubernetes version is v1.14.0
(``--kube-version`` overrides major/minor), the Tiller version Helm's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from tiller.engine.gotemplate.gofunc import gofunc
from tiller.engine.gotemplate.govalues import GoStruct

DEFAULT_API_VERSIONS: tuple[str, ...] = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
    "apiextensions.k8s.io/v1beta1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "auditregistration.k8s.io/v1alpha1",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "batch/v2alpha1",
    "certificates.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "coordination.k8s.io/v1beta1",
    "discovery.k8s.io/v1alpha1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1alpha1",
    "rbac.authorization.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "settings.k8s.io/v1alpha1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storage.k8s.io/v1beta1",
)
"""``chartutil.DefaultVersionSet`` of Helm v2.17 (what ``helm template`` offers)."""

HELM_GIT_COMMIT = "a690bad98af45b015bd3da1a41f6218b1a451dbe"
"""The commit of Helm v2.17.0, what its ``helm template`` reports as TillerVersion."""


class _Empty(GoStruct):
    """Go's ``struct{}{}``, the value type of a VersionSet."""

    _go_type = "struct {}"


_EMPTY = _Empty()


class VersionSet(dict[str, object]):
    """``chartutil.VersionSet``: the set of available API versions."""

    _go_type: ClassVar[str] = "chartutil.VersionSet"
    _go_underlying: ClassVar[str] = "map[string]interface {}"

    @classmethod
    def of(cls, versions: Iterable[str]) -> VersionSet:
        """Build a set from version strings."""
        return cls((v, _EMPTY) for v in versions)

    @gofunc("Has", params=("string",), result="bool")
    def has(self, api_version: str) -> bool:
        """Report whether an API version (``apps/v1``, ``apps/v1/Deployment``) is available."""
        return api_version in self


class KubeVersion(GoStruct):
    """``*version.Info`` of k8s.io/apimachinery (``String()`` is the GitVersion)."""

    _go_type = "*version.Info"
    Major: str
    Minor: str
    GitVersion: str
    _go_fields = (
        "Major",
        "Minor",
        "GitVersion",
        "GitCommit",
        "GitTreeState",
        "BuildDate",
        "GoVersion",
        "Compiler",
        "Platform",
    )
    _go_json_fields = (
        ("major", "Major", False),
        ("minor", "Minor", False),
        ("gitVersion", "GitVersion", False),
        ("gitCommit", "GitCommit", False),
        ("gitTreeState", "GitTreeState", False),
        ("buildDate", "BuildDate", False),
        ("goVersion", "GoVersion", False),
        ("compiler", "Compiler", False),
        ("platform", "Platform", False),
    )

    @gofunc("String", result="string")
    def string(self) -> str:
        """The GitVersion, as k8s ``version.Info.String`` returns it."""
        return str(self.GitVersion)


def kube_version(major: str = "1", minor: str = "14", git_version: str = "") -> KubeVersion:
    """A KubeVersion as Helm fills it (``chartutil.DefaultKubeVersion`` is v1.14.0).

    The Go toolchain fields are those of the Helm v2.17.0 release build.
    """
    return KubeVersion(
        Major=major,
        Minor=minor,
        GitVersion=git_version or f"v{major}.{minor}.0",
        GitCommit="",
        GitTreeState="",
        BuildDate="",
        GoVersion="go1.14.10",
        Compiler="gc",
        Platform="linux/amd64",
    )


class TillerVersion(GoStruct):
    """``*version.Version`` (the hapi proto message)."""

    _go_type = "*version.Version"
    SemVer: str
    GitCommit: str
    GitTreeState: str
    _go_fields = ("SemVer", "GitCommit", "GitTreeState")
    _go_json_fields = (
        ("sem_ver", "SemVer", True),
        ("git_commit", "GitCommit", True),
        ("git_tree_state", "GitTreeState", True),
    )

    @gofunc("String", result="string")
    def string(self) -> str:
        """Compact protobuf text, as the generated Go ``String()`` gives."""
        # Deferred: protobuf costs a one-shot render more than it takes; few print this.
        from hapi.version.version_pb2 import Version

        from tiller.engine.prototext import compact_text

        return compact_text(
            Version(
                sem_ver=str(self.SemVer),
                git_commit=str(self.GitCommit),
                git_tree_state=str(self.GitTreeState),
            )
        )


def tiller_version(
    sem_ver: str = "v2.17.0", git_commit: str = HELM_GIT_COMMIT, git_tree_state: str = "clean"
) -> TillerVersion:
    """A TillerVersion value (defaults: Helm v2.17.0's release build)."""
    return TillerVersion(SemVer=sem_ver, GitCommit=git_commit, GitTreeState=git_tree_state)


class Capabilities(GoStruct):
    """``*chartutil.Capabilities``."""

    _go_type = "*chartutil.Capabilities"
    APIVersions: VersionSet
    KubeVersion: KubeVersion
    TillerVersion: TillerVersion
    _go_fields = ("APIVersions", "KubeVersion", "TillerVersion")


def default_capabilities(kube: KubeVersion | None = None) -> Capabilities:
    """Capabilities as ``helm template`` builds them (no cluster to ask)."""
    return Capabilities(
        APIVersions=VersionSet.of(DEFAULT_API_VERSIONS),
        KubeVersion=kube or kube_version(),
        TillerVersion=tiller_version(),
    )


def cluster_capabilities(
    api_versions: Iterable[str],
    version_info: Mapping[str, str],
    sem_ver: str,
    git_commit: str = "",
    git_tree_state: str = "",
) -> Capabilities:
    """Capabilities as Tiller builds them from the cluster and its own version.

    Args:
        api_versions: the served ``group/version`` and ``group/version/Kind`` strings.
        version_info: the API server's ``/version`` JSON (``major``, ``gitVersion``...).
        sem_ver: Tiller's version.
        git_commit: Tiller's commit.
        git_tree_state: Tiller's tree state.
    """
    kube = KubeVersion(
        Major=version_info.get("major", ""),
        Minor=version_info.get("minor", ""),
        GitVersion=version_info.get("gitVersion", ""),
        GitCommit=version_info.get("gitCommit", ""),
        GitTreeState=version_info.get("gitTreeState", ""),
        BuildDate=version_info.get("buildDate", ""),
        GoVersion=version_info.get("goVersion", ""),
        Compiler=version_info.get("compiler", ""),
        Platform=version_info.get("platform", ""),
    )
    return Capabilities(
        APIVersions=VersionSet.of(api_versions),
        KubeVersion=kube,
        TillerVersion=tiller_version(sem_ver, git_commit, git_tree_state),
    )
