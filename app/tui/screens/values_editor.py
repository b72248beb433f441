"""Side-by-side values editing: a baseline on the left, the user's values on the right."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, TextArea

from app.client.models import Release
from app.ops.errors import OpsError
from app.ops.redact import redact_values_yaml
from app.ops.values import computed_values, read_values, values_yaml
from app.tui import actions
from app.tui.messages import ReleaseLoaded
from app.tui.previews import UpgradePreview
from app.tui.screens.base import HelmScreen
from app.tui.widgets.code_view import CodeView
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.status_bar import StatusBar
from app.tui.widgets.yaml_editor import YamlEditor
from app.tui.yamlpath import yaml_path

BASELINES = ("deployed", "defaults", "computed")
BASELINE_TITLES = {
    "deployed": "deployed user values",
    "defaults": "chart defaults",
    "computed": "computed values (defaults + user values)",
}
VALIDATE_AFTER = 0.6  # seconds of no typing before the YAML is checked


class ValuesEditorScreen(HelmScreen[bool]):
    """Edit a release's user values, then preview and apply an upgrade with them."""

    SCOPE = "values"
    BINDINGS = actions.bindings("values")
    HELP_SCOPES = ("values",)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.release_name = name
        self.release: Release | None = None
        self.baseline = "deployed"
        self.reuse = False
        self.revealed = False
        self.valid: bool | None = None
        self.problem = ""
        self._pause: Timer | None = None

    def compose(self) -> ComposeResult:
        """Title, toolbar, the two panes, path line, bars."""
        yield InfoLine(id="values-title", classes="screen-title")
        yield InfoLine(id="values-toolbar", classes="values-toolbar")
        with Horizontal(id="values-panes"):
            with Vertical(classes="values-pane"):
                yield InfoLine(id="baseline-title", classes="pane-title")
                yield CodeView(empty_text="Loading…", id="baseline-view")
            with Vertical(classes="values-pane"):
                yield InfoLine(id="editor-title", classes="pane-title")
                yield YamlEditor(id="values-editor", soft_wrap=False, show_line_numbers=True)
        yield InfoLine(id="values-cursor-path", classes="yaml-path")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        """Load the release."""
        self.query_one("#values-title", InfoLine).text = f"Edit values of {self.release_name}"
        self.query_one("#editor-title", InfoLine).text = "your values (sent with the upgrade)"
        self._toolbar()
        self.load()

    @work(exclusive=True, group="content", exit_on_error=False, description="loading values")
    async def load(self) -> None:
        """GetReleaseContent."""
        release = await self.helm_app.backend.release_content(self.release_name)
        self.post_message(ReleaseLoaded(release))

    def on_release_loaded(self, message: ReleaseLoaded) -> None:
        """Fill both panes; the editor starts from the deployed user values."""
        self.release = message.release
        config = message.release.config
        editor = self.query_one(YamlEditor)
        editor.load_text("" if config.strip() in ("", "{}") else config)
        editor.focus()
        self._show_baseline()
        self._validate()

    # -- panes

    def _show_baseline(self) -> None:
        release = self.release
        view = self.query_one("#baseline-view", CodeView)
        if release is None:
            return
        text = ""
        try:
            if self.baseline == "deployed":
                text = release.config if release.config.strip() not in ("", "{}") else ""
                text = text if self.revealed or not text else redact_values_yaml(text)
            elif self.baseline == "defaults":
                text = release.chart.values if release.chart else ""
                text = text if self.revealed or not text else redact_values_yaml(text)
            else:
                tree = computed_values(release.chart, release.config)
                text = values_yaml(tree, show_secrets=self.revealed)
        except OpsError as err:
            view.empty_text = str(err)
        view.empty_text = view.empty_text if text else "(empty)"
        view.set_text(text)
        secrets = "secrets shown" if self.revealed else "secrets masked (ctrl+l)"
        self.query_one(
            "#baseline-title", InfoLine
        ).text = f"baseline: {BASELINE_TITLES[self.baseline]} · {secrets} · ctrl+b switches"

    def _toolbar(self) -> None:
        mode = (
            "REUSE: deployed values kept, yours merged over them"
            if self.reuse
            else "RESET: only your values (over the chart defaults)"
        )
        state = {None: "…", True: "✓ valid YAML", False: f"✗ {self.problem}"}[self.valid]
        self.query_one("#values-toolbar", InfoLine).text = f"{mode} (ctrl+r)  │  {state}"

    # -- validation when typing pauses

    @on(TextArea.Changed, "#values-editor")
    def _changed(self) -> None:
        self.valid = None
        self._toolbar()
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(VALIDATE_AFTER, self._validate)

    def _validate(self) -> bool:
        """Parse the editor's YAML as Helm does; show the verdict."""
        try:
            read_values(self.query_one(YamlEditor).text or "{}")
        except OpsError as err:
            self.valid, self.problem = False, str(err).splitlines()[0]
        else:
            self.valid, self.problem = True, ""
        self._toolbar()
        return bool(self.valid)

    @on(TextArea.SelectionChanged, "#values-editor")
    def _cursor(self) -> None:
        editor = self.query_one(YamlEditor)
        path = yaml_path(editor.text.split("\n"), editor.cursor_location[0])
        self.query_one("#values-cursor-path", InfoLine).text = (
            f"path: {path}  (ctrl+g copies)" if path else ""
        )

    # -- actions

    def action_back(self) -> None:
        """Leave without upgrading."""
        self.dismiss(False)

    def action_cycle_baseline(self) -> None:
        """Next baseline."""
        self.baseline = BASELINES[(BASELINES.index(self.baseline) + 1) % len(BASELINES)]
        self._show_baseline()

    def action_toggle_mode(self) -> None:
        """Reuse or reset values (the preview shows the effect)."""
        self.reuse = not self.reuse
        self._toolbar()

    def action_toggle_reveal(self) -> None:
        """Show or mask the baseline's secrets."""
        self.revealed = not self.revealed
        self._show_baseline()

    def action_copy_path(self) -> None:
        """Copy the cursor's YAML path."""
        editor = self.query_one(YamlEditor)
        path = yaml_path(editor.text.split("\n"), editor.cursor_location[0])
        if path:
            self.app.copy_to_clipboard(path)
            self.notify(f"Copied {path}", title="Clipboard")

    def action_external_editor(self) -> None:
        """Edit in ``$EDITOR`` (``$VISUAL`` first), with the interface suspended."""
        editor = self.query_one(YamlEditor)
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{self.release_name}-values.yaml"
            path.write_text(editor.text)
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(command), str(path)], check=False)
            except Exception as err:  # suspend is unsupported in some terminals/tests
                self.notify(f"Could not run {command}: {err}", severity="error")
                return
            editor.load_text(path.read_text())
        self._validate()

    def action_preview(self) -> None:
        """Validate, then open the upgrade's diff preview."""
        if self.release is None:
            return
        if not self._validate():
            self.notify(f"Fix the values first: {self.problem}", title="Invalid YAML",
                        severity="error")  # fmt: skip
            return
        preview = UpgradePreview(
            name=self.release_name,
            values=self.query_one(YamlEditor).text or "{}\n",
            reuse_values=self.reuse,
            release=self.release,
        )

        def done(applied: bool | None) -> None:
            if applied:
                self.dismiss(True)

        self.helm_app.flows.preview(preview, done)
