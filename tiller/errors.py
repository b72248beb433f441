"""Errors Tiller reports to clients. Their text is what Helm v2 clients see and match on."""

from __future__ import annotations


class TillerError(Exception):
    """An error whose message goes to the client verbatim (gRPC status UNKNOWN, as Helm)."""


class KubeUnavailableError(TillerError):
    """The operation needs Kubernetes, and none is configured or reachable."""


class InvalidReleaseNameError(TillerError):
    """A release name that does not match Helm's rule."""
