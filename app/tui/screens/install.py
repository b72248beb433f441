"""The install wizard (name, namespace, values, diff preview, install) and adding a repo."""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, TextArea

from app.ops.charts import ChartLocation
from app.ops.errors import OpsError
from app.ops.install import InstallPlan, InstallSpec, plan_install, validate_name
from app.ops.kubeconfig import default_namespace
from app.ops.values import read_values
from app.repos.home import HelmHome
from app.tui import actions
from app.tui.previews import InstallPreview
from app.tui.screens.base import HelmModal, HelmScreen
from app.tui.widgets.code_view import CodeView
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.status_bar import StatusBar
from app.tui.widgets.yaml_editor import YamlEditor
from app.tui.yamlpath import yaml_path


class PlanReady(Message):
    """``app.ops.install.plan_install`` finished (the chart is loaded)."""

    def __init__(self, plan: InstallPlan) -> None:
        super().__init__()
        self.plan = plan


class InstallWizardScreen(HelmScreen[bool]):
    """Name, namespace and values for a chart version; then the diff preview and install."""

    SCOPE = "install"
    BINDINGS = actions.bindings("install")
    HELP_SCOPES = ("install",)

    def __init__(self, ref: str, version: str, defaults: str, home: HelmHome) -> None:
        super().__init__()
        self.ref, self.version, self.defaults, self.home = ref, version, defaults, home

    def compose(self) -> ComposeResult:
        """Fields on top, defaults | your values below."""
        yield InfoLine(id="install-title", classes="screen-title")
        with Horizontal(id="install-fields"):
            yield Label("Name", classes="field-label")
            yield Input(placeholder="(empty: Tiller picks one)", id="install-name")
            yield Label("Namespace", classes="field-label")
            yield Input(id="install-namespace")
        with Horizontal(id="values-panes"):
            with Vertical(classes="values-pane"):
                yield InfoLine(id="defaults-title", classes="pane-title")
                yield CodeView(self.defaults, id="install-defaults", empty_text="(no defaults)")
            with Vertical(classes="values-pane"):
                yield InfoLine(id="install-editor-title", classes="pane-title")
                yield YamlEditor(id="install-values", show_line_numbers=True)
        yield InfoLine(id="install-state", classes="values-toolbar")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        """Defaults; the name box has the focus."""
        self.query_one("#install-title", InfoLine).text = f"Install {self.ref} {self.version}"
        self.query_one("#defaults-title", InfoLine).text = "chart defaults"
        self.query_one("#install-editor-title", InfoLine).text = "your values (override defaults)"
        self.query_one("#install-namespace", Input).value = default_namespace()
        self.query_one("#install-name", Input).focus()
        self.query_one("#install-state", InfoLine).text = "ctrl+s: validate and preview"

    def _problem(self) -> str:
        try:
            validate_name(self.query_one("#install-name", Input).value.strip())
            read_values(self.query_one(YamlEditor).text or "{}")
        except OpsError as err:
            return str(err).splitlines()[0]
        return ""

    @on(TextArea.SelectionChanged, "#install-values")
    def _cursor(self) -> None:
        editor = self.query_one(YamlEditor)
        path = yaml_path(editor.text.split("\n"), editor.cursor_location[0])
        self.query_one("#install-state", InfoLine).text = f"path: {path}" if path else ""

    def action_back(self) -> None:
        """Leave without installing."""
        self.dismiss(False)

    def action_preview(self) -> None:
        """Validate, load the chart (plan), then preview the install's diff."""
        problem = self._problem()
        if problem:
            self.query_one("#install-state", InfoLine).text = f"✗ {problem}"
            self.notify(problem, title="Cannot install yet", severity="error")
            return
        self.query_one("#install-state", InfoLine).text = "loading the chart…"
        spec = InstallSpec(
            location=ChartLocation(ref=self.ref, version=self.version, home=str(self.home.root)),
            name=self.query_one("#install-name", Input).value.strip(),
            namespace=self.query_one("#install-namespace", Input).value.strip() or "default",
        )
        self.plan(spec, self.query_one(YamlEditor).text)

    @work(exclusive=True, group="plan", thread=True, exit_on_error=False,
          description="loading the chart")  # fmt: skip
    def plan(self, spec: InstallSpec, values: str) -> None:
        """``app.ops.install.plan_install``, with the editor's values."""
        plan = plan_install(spec)
        text = values if values.strip() else "{}\n"
        self.post_message(PlanReady(replace(plan, request=replace(plan.request, values=text))))

    def on_plan_ready(self, message: PlanReady) -> None:
        """Open the diff preview (nothing → the dry-run install)."""
        self.query_one("#install-state", InfoLine).text = "ctrl+s: validate and preview"
        for warning in message.plan.warnings:
            self.notify(warning, severity="warning")

        def done(installed: bool | None) -> None:
            if installed:
                self.dismiss(True)

        self.helm_app.flows.preview(InstallPreview(plan=message.plan), done)


class AddRepoScreen(HelmModal[tuple[str, str] | None]):
    """Ask for a repository name and URL."""

    SCOPE = "confirm"
    BINDINGS = actions.bindings("confirm")

    def compose(self) -> ComposeResult:
        """Two fields and buttons."""
        with Vertical(classes="dialog confirm-dialog"):
            yield Label("Add a chart repository", classes="dialog-title")
            yield Input(placeholder="name (e.g. stable)", id="repo-name")
            yield Input(placeholder="URL (e.g. http://127.0.0.1:8879/charts)", id="repo-url")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Add", id="confirm", variant="primary")

    def on_mount(self) -> None:
        """Name first."""
        self.query_one("#repo-name", Input).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        name = self.query_one("#repo-name", Input).value.strip()
        url = self.query_one("#repo-url", Input).value.strip()
        if event.button.id == "confirm" and name and url:
            self.dismiss((name, url))
        elif event.button.id == "confirm":
            self.notify("Both a name and a URL are needed.", severity="warning")
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without adding."""
        self.dismiss(None)
