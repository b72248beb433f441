"""The diff preview: values and resources, unified or side by side, then apply with progress.

The user-supplied values come first as their own item (when they changed), then each
changed resource; the reveal key works on either.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.widgets import Log

from app.ops.diff import Change
from app.ops.manifests import ResourceKey
from app.ops.preview import DiffOptions, DiffOutcome
from app.ops.progress import ProgressEvent
from app.tui import actions
from app.tui.bridge import LoopBridge
from app.tui.diff_lines import DiffItem, side_by_side, unified
from app.tui.messages import Applied, ConfirmReady, DiffComputed, Progressed
from app.tui.previews import Preview
from app.tui.screens.base import HelmScreen
from app.tui.screens.confirm import ConfirmScreen
from app.tui.widgets.diff_view import DiffView
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.status_bar import StatusBar
from app.tui.widgets.steady_footer import SteadyFooter

CONTEXT_STEPS = (0, 3, 10, -1)  # -1: whole resources
VALUES_ITEM = "values"  # the values group's key among the resources' keys (reveal)


class DiffScreen(HelmScreen[bool]):
    """Preview what an operation changes; ``ctrl+s`` confirms and applies it.

    Dismisses with True when the operation was applied (callers refresh their views).
    """

    SCOPE = "diff"
    BINDINGS = actions.bindings("diff")
    HELP_SCOPES = ("diff", "table")

    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview
        self.options = DiffOptions()
        self.side = False
        self.masked: DiffOutcome | None = None
        self.shown_secrets: DiffOutcome | None = None
        self.revealed: set[ResourceKey | str] = set()
        self._shown_keys: list[ResourceKey | str] = []
        self.applying = False
        self.applied = False
        self._bridge: LoopBridge | None = None

    def compose(self) -> ComposeResult:
        """Title, summary, the diff, a progress log (while applying), bars."""
        yield InfoLine(id="diff-title", classes="screen-title")
        yield InfoLine(id="diff-summary", classes="diff-summary")
        yield DiffView(id="diff-view")
        log = Log(id="diff-progress", classes="progress-log")
        log.display = False
        yield log
        yield StatusBar()
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Start computing; the screen is usable (and escapable) meanwhile."""
        self._bridge = LoopBridge(self.helm_app.backend, asyncio.get_running_loop())
        self.query_one("#diff-title", InfoLine).text = self.preview.title
        self.query_one(DiffView).focus()
        self._summary()
        self.compute(self.options, secrets=False)

    # -- computing (in a thread: big manifests are seconds of YAML work)

    @work(exclusive=True, group="diff", thread=True, exit_on_error=False,
          description="computing the diff")  # fmt: skip
    def compute(self, options: DiffOptions, secrets: bool) -> None:
        """Run the preview's diff on a private loop; Tiller calls go through the bridge."""
        assert self._bridge is not None
        wanted = replace(options, show_secrets=secrets)
        outcome = asyncio.run(self.preview.diff(self._bridge, wanted))
        self.post_message(DiffComputed(outcome, secrets))

    def on_diff_computed(self, message: DiffComputed) -> None:
        """Show the diff (or keep the secret-revealing one for revealed items)."""
        if message.secrets:
            self.shown_secrets = message.outcome
        else:
            self.masked = message.outcome
            self.refresh_bindings()  # apply waits for the diff (check_action)
        self.query_one(
            "#diff-title", InfoLine
        ).text = f"{self.preview.title}  ·  {message.outcome.before} → {message.outcome.after}"
        self._redraw()

    def _items(self) -> tuple[list[DiffItem], list[ResourceKey | str], frozenset[int]]:
        """The changed items (values first, then resources), their keys, the revealed ones.

        A revealed item is taken from the secret-revealing diff once it has arrived.
        """
        assert self.masked is not None
        shown = self.shown_secrets
        secret_side: dict[ResourceKey | str, DiffItem] = (
            {r.key: r for r in shown.diff.resources} if shown is not None else {}
        )
        if shown is not None and shown.values is not None:
            secret_side[VALUES_ITEM] = shown.values
        candidates: list[tuple[ResourceKey | str, DiffItem]] = []
        if self.masked.values is not None:
            candidates.append((VALUES_ITEM, self.masked.values))
        candidates.extend((r.key, r) for r in self.masked.diff.resources)
        chosen: list[DiffItem] = []
        keys: list[ResourceKey | str] = []
        revealed: set[int] = set()
        for key, item in candidates:
            if item.change is Change.UNCHANGED:
                continue
            if key in self.revealed and key in secret_side:
                revealed.add(len(chosen))
                item = secret_side[key]
            chosen.append(item)
            keys.append(key)
        return chosen, keys, frozenset(revealed)

    def _redraw(self) -> None:
        view = self.query_one(DiffView)
        if self.masked is None:
            return
        resources, self._shown_keys, revealed = self._items()
        lines = side_by_side(resources, revealed) if self.side else unified(resources, revealed)
        view.empty_text = "No changes: the release would stay exactly as it is."
        view.set_lines(lines)
        self._summary()

    def _summary(self) -> None:
        line = self.query_one("#diff-summary", InfoLine)
        if self.masked is None:
            line.text = "Computing the diff (Tiller renders a dry run)…"
            return
        counts = self.masked.diff.summary()
        values = self.masked.values
        noise = "OFF (f)" if self.options.show_noise else "ON: version labels, checksums (f)"
        context = "all" if self.options.context < 0 else str(self.options.context)
        line.text = (
            (f"values {values.change.value} │ " if values is not None else "")
            + f"{counts['changed']} changed · {counts['added']} added · {counts['removed']}"
            f" removed · {counts['unchanged']} unchanged\nnoise filter {noise} │ secrets masked (x)"
            f" │ context {context} (+/-) │ {'side by side' if self.side else 'unified'} (v)"
        )

    # -- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Apply exists only for previews that apply, and waits for the diff."""
        if action == "apply":
            if not self.preview.apply_label or self.applied:
                return False
            if self.masked is None or self.applying:
                return None
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Close the preview."""
        self.dismiss(self.applied)

    def action_toggle_layout(self) -> None:
        """Unified or side by side."""
        self.side = not self.side
        self._redraw()

    def action_toggle_noise(self) -> None:
        """Show or hide version labels and checksum annotations (recomputes)."""
        self.options = replace(self.options, show_noise=not self.options.show_noise)
        self.masked = self.shown_secrets = None
        self.refresh_bindings()
        self.revealed.clear()
        self._summary()
        self.compute(self.options, secrets=False)

    def action_context(self, step: int) -> None:
        """More (1) or fewer (-1) context lines around changes."""
        at = (
            CONTEXT_STEPS.index(self.options.context)
            if self.options.context in CONTEXT_STEPS
            else 1
        )
        at = max(0, min(len(CONTEXT_STEPS) - 1, at + step))
        self.options = replace(self.options, context=CONTEXT_STEPS[at])
        self.masked = self.shown_secrets = None
        self.refresh_bindings()
        self._summary()
        self.compute(self.options, secrets=False)
        if self.revealed:
            self.compute_secrets()

    @work(exclusive=True, group="diff-secrets", thread=True, exit_on_error=False,
          description="computing the diff with secrets")  # fmt: skip
    def compute_secrets(self) -> None:
        """The same diff with secrets shown, for the items the user reveals."""
        assert self._bridge is not None
        outcome = asyncio.run(
            self.preview.diff(self._bridge, replace(self.options, show_secrets=True))
        )
        self.post_message(DiffComputed(outcome, True))

    def action_toggle_reveal(self) -> None:
        """Reveal (or mask again) the secrets of the item (values or resource) under the cursor."""
        index = self.query_one(DiffView).current_resource
        keys = self._shown_keys
        if not 0 <= index < len(keys):
            self.notify("Move the cursor onto the values or a resource first.")
            return
        key = keys[index]
        if key in self.revealed:
            self.revealed.discard(key)
        else:
            self.revealed.add(key)
            if self.shown_secrets is None:
                self.compute_secrets()
                return
        self._redraw()

    def action_next_resource(self) -> None:
        """Next resource."""
        self.query_one(DiffView).jump(1)

    def action_previous_resource(self) -> None:
        """Previous resource."""
        self.query_one(DiffView).jump(-1)

    # -- applying

    def action_apply(self) -> None:
        """Gather the facts, ask, then apply."""
        self.confirm_facts()

    @work(exclusive=True, group="confirm", thread=True, exit_on_error=False,
          description="preparing the confirmation")  # fmt: skip
    def confirm_facts(self) -> None:
        """Look up what the confirmation names (through the bridge, off the UI loop)."""
        assert self._bridge is not None
        self.post_message(ConfirmReady(asyncio.run(self.preview.confirm_lines(self._bridge))))

    def on_confirm_ready(self, message: ConfirmReady) -> None:
        """Ask; Cancel is focused."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.applying = True
                log = self.query_one("#diff-progress", Log)
                log.display = True
                self.run_apply()

        label = self.preview.apply_label
        self.app.push_screen(ConfirmScreen(f"{label}?", message.lines, label), answered)

    @work(exclusive=True, group="apply", exit_on_error=False, description="applying")
    async def run_apply(self) -> None:
        """Apply through ``app.ops``, streaming its progress into the log."""
        summary = await self.preview.apply(self.helm_app.backend, self.report_progress)
        self.post_message(Applied(summary))

    def report_progress(self, event: ProgressEvent) -> None:
        """``app.ops`` progress callback: becomes a message."""
        self.post_message(Progressed(event))

    def on_progressed(self, message: Progressed) -> None:
        """One progress line."""
        self.query_one("#diff-progress", Log).write_line(str(message.event))
        self.helm_app.activity = message.event.message

    def on_applied(self, message: Applied) -> None:
        """Done: say so and close."""
        self.applying, self.applied = False, True
        self.helm_app.activity = ""
        self.notify(message.summary, title="Done")
        self.dismiss(True)

    def on_failed(self) -> None:
        """A failure (explained by the app) ends the apply; the preview stays."""
        self.applying = False
        self.helm_app.activity = ""
        self.refresh_bindings()
