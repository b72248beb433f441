"""The one error type of chart and repository work; its text is what the user reads."""

from __future__ import annotations


class HelmError(Exception):
    """A chart or repository operation failed; ``str(err)`` is the message Helm would print."""
