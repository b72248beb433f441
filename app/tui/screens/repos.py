"""Repositories → charts → versions → README / default values → install wizard."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from app.repos.home import HelmHome
from app.tui import actions
from app.tui.catalog import Catalog, ChartEntry, add, chart_docs, remove, update
from app.tui.screens.base import HelmScreen
from app.tui.screens.confirm import ConfirmScreen
from app.tui.widgets.code_view import CodeView
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.status_bar import StatusBar

ALL = "\0all"


class CatalogLoaded(Message):
    """Repositories and their cached indexes were read."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog


class DocsLoaded(Message):
    """A chart version's README and default values were fetched."""

    def __init__(self, ref: str, version: str, readme: str, values: str) -> None:
        super().__init__()
        self.ref, self.version, self.readme, self.values = ref, version, readme, values


class RepositoriesScreen(HelmScreen[bool]):
    """Browse charts and start the install wizard; dismisses True if something was installed."""

    SCOPE = "repos"
    BINDINGS = actions.bindings("repos")
    HELP_SCOPES = ("repos",)

    def __init__(self) -> None:
        super().__init__()
        self.catalog: Catalog | None = None
        self.repo = ""
        self.charts: list[ChartEntry] = []
        self.chart: ChartEntry | None = None
        self.version = ""
        self.docs = ("", "")
        self._docs_key: tuple[str, str] = ("", "")
        self.show_values = False
        self.installed = False

    @property
    def home(self) -> HelmHome:
        """``$HELM_HOME`` as the app was started with."""
        return HelmHome.resolve(self.helm_app.connection.helm_home or None)

    def compose(self) -> ComposeResult:
        """Repos | search + charts | versions + docs."""
        yield InfoLine(id="repos-title", classes="screen-title")
        with Horizontal(id="repos-panes"):
            yield OptionList(id="repo-list", classes="repo-list")
            with Vertical(classes="chart-column"):
                yield Input(placeholder="/  search charts", id="chart-search")
                yield OptionList(id="chart-list")
            with Vertical(classes="chart-column"):
                yield OptionList(id="version-list")
                yield InfoLine(id="doc-title", classes="pane-title")
                yield CodeView(language="markdown", gutter=False, id="chart-doc",
                               empty_text="Pick a chart version.")  # fmt: skip
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        """Read the repositories."""
        self.query_one("#repos-title", InfoLine).text = f"Chart repositories ({self.home.root})"
        self.load()

    def action_refresh(self) -> None:
        """Re-read the repositories (after adding, removing or updating)."""
        self.load()

    @work(exclusive=True, group="catalog", thread=True, exit_on_error=False,
          description="reading repositories")  # fmt: skip
    def load(self) -> None:
        """Read repositories.yaml and the cached indexes."""
        self.post_message(CatalogLoaded(Catalog.load(self.home)))

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        """List repositories and charts."""
        self.catalog = message.catalog
        for problem in message.catalog.problems:
            self.notify(problem, title="Repository", severity="warning")
        repos = self.query_one("#repo-list", OptionList)
        repos.clear_options()
        repos.add_options(
            [Option("(all repositories)", id=ALL)]
            + [Option(f"{e.name}\n  {e.url}", id=e.name) for e in message.catalog.repos]
        )
        if not message.catalog.repos:
            self.query_one(
                "#chart-doc", CodeView
            ).empty_text = "No repositories: press a to add one (e.g. helm-tui serve's local repo)."
        self._list_charts()

    def _list_charts(self) -> None:
        if self.catalog is None:
            return
        term = self.query_one("#chart-search", Input).value
        self.charts = self.catalog.charts(self.repo, term)
        charts = self.query_one("#chart-list", OptionList)
        charts.clear_options()
        charts.add_options(
            [Option(f"{c.ref}  {c.version}\n  {c.description[:70]}", id=c.ref) for c in self.charts]
        )
        if self.charts:
            # Refilled lists have no highlight, and versions load on highlight: start at the
            # first chart so its versions and README show without a cursor move.
            charts.highlighted = 0

    @on(OptionList.OptionHighlighted, "#repo-list")
    def _repo(self, event: OptionList.OptionHighlighted) -> None:
        self.repo = "" if event.option.id == ALL else str(event.option.id)
        self._list_charts()

    @on(Input.Changed, "#chart-search")
    def _search(self) -> None:
        self._list_charts()

    @on(Input.Submitted, "#chart-search")
    def _searched(self) -> None:
        self.query_one("#chart-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#chart-list")
    def _chart(self, event: OptionList.OptionHighlighted) -> None:
        found = [c for c in self.charts if c.ref == event.option.id]
        self.chart = found[0] if found else None
        versions = self.query_one("#version-list", OptionList)
        versions.clear_options()
        if self.chart is not None and self.catalog is not None:
            listed = self.catalog.chart_versions(self.chart.ref)
            versions.add_options([Option(f"{v}  (app {a or '-'})", id=v) for v, a in listed])
            if listed:
                self._pick_version(listed[0][0])

    @on(OptionList.OptionHighlighted, "#version-list")
    def _version(self, event: OptionList.OptionHighlighted) -> None:
        self._pick_version(str(event.option.id))

    def _pick_version(self, version: str) -> None:
        if self.chart is None:
            return
        key = (self.chart.ref, version)
        if key == self._docs_key and self.docs != ("", ""):
            return  # the same chart *and* version: its docs are already shown
        self._docs_key = key
        self.version = version
        self.query_one("#chart-doc", CodeView).set_text("")
        self.query_one("#chart-doc", CodeView).empty_text = "Fetching the chart…"
        self.fetch_docs(self.chart.ref, version)

    @work(exclusive=True, group="docs", thread=True, exit_on_error=False,
          description="fetching the chart")  # fmt: skip
    def fetch_docs(self, ref: str, version: str) -> None:
        """Download (or find in the cache) the chart and read its README and values."""
        readme, values = chart_docs(self.home, ref, version)
        self.post_message(DocsLoaded(ref, version, readme, values))

    def on_docs_loaded(self, message: DocsLoaded) -> None:
        """Show the README (or the values)."""
        self.docs = (message.readme, message.values)
        self._show_doc()

    def _show_doc(self) -> None:
        readme, values = self.docs
        doc = self.query_one("#chart-doc", CodeView)
        title = self.query_one("#doc-title", InfoLine)
        ref = self.chart.ref if self.chart else ""
        if self.show_values:
            title.text = f"{ref} {self.version}: default values (v: README)"
            doc.empty_text = "This chart has no values.yaml."
            doc.set_text(values, language="yaml")
        else:
            title.text = f"{ref} {self.version}: README (v: default values)"
            doc.empty_text = "This chart has no README.md."
            doc.set_text(readme, language="markdown")

    # -- actions

    def action_back(self) -> None:
        """Back to the releases."""
        self.dismiss(self.installed)

    def action_focus_search(self) -> None:
        """Search charts."""
        self.query_one("#chart-search", Input).focus()

    def action_toggle_doc(self) -> None:
        """README or default values."""
        self.show_values = not self.show_values
        self._show_doc()

    def action_install(self) -> None:
        """Open the install wizard for the highlighted chart version."""
        from app.tui.screens.install import InstallWizardScreen

        if self.chart is None or not self.version:
            self.notify("Pick a chart (and a version) first.")
            return

        def done(installed: bool | None) -> None:
            if installed:
                self.installed = True

        self.app.push_screen(
            InstallWizardScreen(self.chart.ref, self.version, self.docs[1], self.home), done
        )

    def action_add_repo(self) -> None:
        """Ask for a name and URL, then add the repository."""
        from app.tui.screens.install import AddRepoScreen

        def answered(result: tuple[str, str] | None) -> None:
            if result:
                self.repo_change("add", *result)

        self.app.push_screen(AddRepoScreen(), answered)

    def action_remove_repo(self) -> None:
        """Remove the highlighted repository (after a confirmation)."""
        name = self.repo
        if not name:
            self.notify("Highlight a repository first.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.repo_change("remove", name, "")

        self.app.push_screen(
            ConfirmScreen(f"Remove repository {name}?", [f"Repository: {name}"], "Remove"),
            answered,
        )

    def action_update_repos(self) -> None:
        """Download fresh indexes."""
        self.repo_change("update", "", "")

    @work(exclusive=True, group="repo-change", thread=True, exit_on_error=False,
          description="changing repositories")  # fmt: skip
    def repo_change(self, what: str, name: str, url: str) -> None:
        """Add, remove or update repositories, then re-read them."""
        home = self.home
        if what == "add":
            add(home, name, url)
            summary = f'"{name}" has been added to your repositories'
        elif what == "remove":
            remove(home, name)
            summary = f'"{name}" has been removed from your repositories'
        else:
            catalog = self.catalog or Catalog.load(home)
            summary = "\n".join(update(home, catalog.repos)) or "no repositories to update"
        self.app.call_from_thread(self.notify, summary, title="Repositories")
        self.post_message(CatalogLoaded(Catalog.load(home)))
