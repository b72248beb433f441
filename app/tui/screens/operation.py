"""Screens that run one operation and stream what happens: uninstall, release tests."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Footer, Log

from app.client.models import TestRunStatus
from app.client.requests import TestMessage, TestRequest, UninstallRequest
from app.ops.lifecycle import delete, run_tests
from app.ops.progress import ProgressEvent
from app.tui import actions
from app.tui.messages import Applied, Progressed
from app.tui.screens.base import HelmScreen
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.status_bar import StatusBar

MARKS = {TestRunStatus.SUCCESS: "✓", TestRunStatus.FAILURE: "✗", TestRunStatus.RUNNING: "…"}


class TestLine(Message):
    """One message of a test run."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, message: TestMessage) -> None:
        super().__init__()
        self.message = message


class OperationScreen(HelmScreen[bool]):
    """A title, a live log and a result line; ``escape`` closes once it has ended."""

    SCOPE = "operation"
    BINDINGS = actions.bindings("operation")
    HELP_SCOPES = ("operation",)

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.running = True
        self.changed = False

    def compose(self) -> ComposeResult:
        """Title, result, log, bars."""
        yield InfoLine(id="operation-title", classes="screen-title")
        yield InfoLine(id="operation-result", classes="operation-result")
        yield Log(id="operation-log", classes="progress-log")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        """Start at once."""
        self.query_one("#operation-title", InfoLine).text = self.title_text
        self.result("running…")
        self.start()

    def start(self) -> None:
        """Begin the operation (subclasses start their worker)."""

    def result(self, text: str, outcome: str = "") -> None:
        """Set the result line (``outcome``: "ok", "failed" or "" while running)."""
        line = self.query_one("#operation-result", InfoLine)
        line.text = text
        line.set_class(outcome == "ok", "-ok")
        line.set_class(outcome == "failed", "-failed")

    def write(self, text: str) -> None:
        """Append a log line."""
        self.query_one("#operation-log", Log).write_line(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Leaving waits for the operation to end (shown disabled meanwhile)."""
        if action == "back" and self.running:
            return None
        return super().check_action(action, parameters)

    def finish(self, text: str, ok: bool) -> None:
        """The operation ended."""
        self.running = False
        self.result(text, "ok" if ok else "failed")
        self.write(text)
        self.helm_app.activity = ""
        self.refresh_bindings()

    def report_progress(self, event: ProgressEvent) -> None:
        """``app.ops`` progress callback: becomes a message (any thread)."""
        self.post_message(Progressed(event))

    def on_progressed(self, message: Progressed) -> None:
        """A progress line from ``app.ops``."""
        self.write(str(message.event))
        self.helm_app.activity = message.event.message

    def on_failed(self) -> None:
        """The app explains the error; here the operation just ends."""
        self.finish("failed (see the notification)", ok=False)

    def action_back(self) -> None:
        """Close."""
        self.dismiss(self.changed)


class UninstallScreen(OperationScreen):
    """Uninstall (soft or purge) through ``app.ops.lifecycle.delete``."""

    def __init__(self, name: str, *, purge: bool) -> None:
        super().__init__(f"Uninstall {name}" + (" (purge)" if purge else ""))
        self.release_name = name
        self.purge = purge

    def start(self) -> None:
        """Run the uninstall worker."""
        self.uninstall()

    @work(exclusive=True, group="uninstall", exit_on_error=False, description="uninstalling")
    async def uninstall(self) -> None:
        """``app.ops.lifecycle.delete`` with progress."""
        outcomes = await delete(
            self.helm_app.backend,
            [self.release_name],
            UninstallRequest(name=self.release_name, purge=self.purge),
            progress=self.report_progress,
        )
        info = outcomes[0].info if outcomes else ""
        self.post_message(
            Applied(f'release "{self.release_name}" deleted' + (f"\n{info}" if info else ""))
        )

    def on_applied(self, message: Applied) -> None:
        """Deleted."""
        self.changed = True
        self.finish(message.summary, ok=True)
        self.notify(message.summary, title="Uninstalled")


class TestRunScreen(OperationScreen):
    """``helm test``: results streamed as Tiller sends them."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, name: str) -> None:
        super().__init__(f"Tests of {name}")
        self.release_name = name
        self.failed = 0

    def start(self) -> None:
        """Run the tests worker."""
        self.run_release_tests()

    @work(exclusive=True, group="tests", exit_on_error=False, description="running tests")
    async def run_release_tests(self) -> None:
        """``app.ops.lifecycle.run_tests``, each message posted as it arrives."""
        outcome = await run_tests(
            self.helm_app.backend,
            TestRequest(name=self.release_name),
            on_message=self._test_message,
        )
        verdict = "all tests passed" if outcome.passed else f"{outcome.failed} test(s) failed"
        self.post_message(Applied(verdict))

    def _test_message(self, message: TestMessage) -> None:
        self.post_message(TestLine(message))

    def on_test_line(self, message: TestLine) -> None:
        """One streamed test message."""
        mark = MARKS.get(message.message.status, "·")
        self.write(f"{mark} {message.message.msg}")
        if message.message.status is TestRunStatus.FAILURE:
            self.failed += 1

    def on_applied(self, message: Applied) -> None:
        """The run ended."""
        self.finish(message.summary, ok=self.failed == 0)
