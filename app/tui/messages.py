"""Messages that carry worker results (and failures) back to the screens and the app."""

from __future__ import annotations

from textual.message import Message

from app.client.models import Release, StatusReport, VersionInfo
from app.ops.preview import DiffOutcome
from app.ops.progress import ProgressEvent
from app.tui.release_views import PreparedViews


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


class ViewsPrepared(Message):
    """The release screen's text views are ready (built in a thread)."""

    def __init__(self, views: PreparedViews) -> None:
        super().__init__()
        self.views = views


class DiffComputed(Message):
    """A preview's diff is ready.

    Attributes:
        outcome: the diff (``app.ops.preview.DiffOutcome``).
        secrets: computed with secrets shown (for per-resource reveal).
    """

    def __init__(self, outcome: DiffOutcome, secrets: bool) -> None:
        super().__init__()
        self.outcome = outcome
        self.secrets = secrets


class ConfirmReady(Message):
    """The facts for a confirmation dialog are ready."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines


class Progressed(Message):
    """A long operation reported progress (``app.ops.progress``)."""

    def __init__(self, event: ProgressEvent) -> None:
        super().__init__()
        self.event = event


class Applied(Message):
    """An operation finished; ``summary`` says what it did."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary
