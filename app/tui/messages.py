"""Messages that carry worker results (and failures) back to the screens and the app."""

from __future__ import annotations

from textual.message import Message

from app.client.models import Release, StatusReport, VersionInfo


class Failed(Message):
    """A worker failed; bubbles up to ``HelmTuiApp``, the one place that explains errors.

    Attributes:
        error: what was raised.
        doing: what the worker was doing, for the message ("loading releases").
    """

    def __init__(self, error: BaseException, doing: str) -> None:
        super().__init__()
        self.error = error
        self.doing = doing


class TillerVersionLoaded(Message):
    """Tiller answered GetVersion."""

    def __init__(self, version: VersionInfo) -> None:
        super().__init__()
        self.version = version


class ReleasesPage(Message):
    """One ListReleases page arrived.

    Attributes:
        releases: the page's releases.
        total: how many releases match in all (Tiller's count).
        done: this was the last page.
    """

    def __init__(self, releases: tuple[Release, ...], total: int, done: bool) -> None:
        super().__init__()
        self.releases = releases
        self.total = total
        self.done = done


class ReleaseLoaded(Message):
    """GetReleaseContent answered (chart, values, manifest, hooks)."""

    def __init__(self, release: Release) -> None:
        super().__init__()
        self.release = release


class StatusLoaded(Message):
    """GetReleaseStatus answered (resources, notes)."""

    def __init__(self, report: StatusReport) -> None:
        super().__init__()
        self.report = report


class HistoryLoaded(Message):
    """GetHistory answered, newest revision first."""

    def __init__(self, revisions: tuple[Release, ...]) -> None:
        super().__init__()
        self.revisions = revisions
