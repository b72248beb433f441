"""The one registry of user actions: bindings, footer, help screen and palette come from it.

Every key is a Textual ``Binding`` with an ``id`` (``<scope>.<name>``), so users remap keys
by id in the config file (Textual's keymap) and nothing else needs to know. Screens and
widgets take their ``BINDINGS`` from ``bindings(scope)``; the help screen and the command
palette list ``for_scopes(...)``; read-only mode drops every ``destructive`` action from all
of them (see ``HelmScreen.check_action``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Action:
    """One user action.

    Attributes:
        id: ``<scope>.<name>``; the binding id users remap in ``[keys]``.
        key: default key(s), comma-separated Textual key names.
        action: the Textual action run on the scope's node (a screen or widget).
        description: short label for the footer and palette title.
        help: one sentence for the help screen and under the palette title.
        destructive: changes a release or the cluster; absent in read-only mode.
        show: shown in the footer (everything is in help and the palette regardless).
        key_display: how to print the key, when Textual's own rendering is unclear.
        priority: checked before the focused widget's own bindings.
    """

    id: str
    key: str
    action: str
    description: str
    help: str
    destructive: bool = False
    show: bool = True
    key_display: str | None = None
    priority: bool = False

    @property
    def scope(self) -> str:
        """The part of the id before the dot: which screen or widget owns the action."""
        return self.id.split(".", 1)[0]

    @property
    def action_name(self) -> str:
        """The action without parameters: what ``check_action`` receives."""
        return self.action.split("(", 1)[0]

    def binding(self) -> Binding:
        """This action as a Textual binding."""
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )


ACTIONS: tuple[Action, ...] = (
    # -- everywhere
    Action("app.help", "question_mark", "help", "Help", "Show every key of this screen.",
       key_display="?"),
    Action("app.palette", "ctrl+p,colon", "command_palette", "Commands",
       "Search and run any action by name.", key_display="^p :",
       show=False),
    Action("app.theme", "ctrl+t", "pick_theme", "Theme", "Choose a colour theme.", show=False),
    Action("app.quit", "q", "quit", "Quit", "Leave helm-tui."),
    # -- any list (release table, history): movement keys, remappable like the rest
    Action("table.up", "up,k", "cursor_up", "Up", "Move the cursor up.", show=False),
    Action("table.down", "down,j", "cursor_down", "Down", "Move the cursor down.", show=False),
    Action("table.page_up", "pageup", "page_up", "Page up", "Up one screenful.", show=False),
    Action("table.page_down", "pagedown", "page_down", "Page down", "Down one screenful.",
       show=False),
    Action("table.first", "home,g", "first", "First", "Go to the first row.", show=False),
    Action("table.last", "end,G", "last", "Last", "Go to the last row.", show=False),
    # -- choice dialogs
    Action("picker.cancel", "escape", "cancel", "Cancel", "Close without choosing."),
    Action("help.close", "escape,question_mark,q", "close", "Close", "Close the help."),
    # -- the connection error screen
    Action("error.retry", "r", "retry", "Retry", "Try to reach Tiller again."),
    Action("error.details", "d", "toggle_details", "Details", "Show the low-level cause."),
    # -- releases list
    Action("releases.open", "enter", "open_release", "Open", "Open the release under the cursor."),
    Action("releases.filter", "slash", "focus_filter", "Filter",
       "Fuzzy-filter releases by name.", key_display="/"),
    Action("releases.clear", "escape", "clear_filter", "Clear filters",
       "Clear the name filter (or every filter when it is empty).", show=False),
    Action("releases.namespace", "n", "pick_namespace", "Namespace",
       "Show one namespace only, or all."),
    Action("releases.sort", "s", "cycle_sort", "Sort", "Sort by the next column."),
    Action("releases.reverse", "o", "reverse_sort", "Order", "Reverse the sort order.",
       show=False),
    Action("releases.deployed", "1", "toggle_status('deployed')", "Deployed",
       "Show or hide DEPLOYED releases.", show=False),
    Action("releases.failed", "2", "toggle_status('failed')", "Failed",
       "Show or hide FAILED releases.", show=False),
    Action("releases.pending", "3", "toggle_status('pending')", "Pending",
       "Show or hide PENDING_* releases.", show=False),
    Action("releases.deleted", "4", "toggle_status('deleted')", "Deleted",
       "Show or hide DELETED and DELETING releases.", show=False),
    Action("releases.superseded", "5", "toggle_status('superseded')", "Superseded",
       "Show or hide SUPERSEDED revisions (loads them from Tiller).", show=False),
    Action("releases.all_statuses", "0", "all_statuses", "All statuses",
       "Show releases of every status except SUPERSEDED.", show=False),
    Action("releases.refresh", "r", "refresh", "Refresh",
       "Reload from Tiller, keeping the cursor and filters."),
    Action("releases.history", "h", "open_history", "History",
       "Open the release's revision history."),
    Action("releases.undo", "u", "undo_upgrade", "Undo upgrade",
       "Roll the release back to the revision before the last one (preview first).",
       destructive=True),
    Action("releases.uninstall", "D", "uninstall", "Uninstall",
       "Uninstall the release (type its name to confirm).", destructive=True, show=False),
    Action("releases.test", "t", "run_tests", "Test", "Run the release's tests.",
       destructive=True, show=False),
    Action("releases.repos", "p", "open_repos", "Repos", "Browse chart repositories.",
       show=False),
    # -- one release
    Action("release.back", "escape", "back", "Back", "Back to the release list."),
    Action("release.refresh", "r", "refresh", "Refresh", "Reload this release from Tiller."),
    Action("release.status", "1", "show_tab('status')", "Status", "Status and resources.",
       show=False),
    Action("release.values", "2", "show_tab('values')", "Values", "User-supplied values.",
       show=False),
    Action("release.manifest", "3", "show_tab('manifest')", "Manifest",
       "The rendered manifest, per resource.", show=False),
    Action("release.notes", "4", "show_tab('notes')", "Notes", "NOTES.txt as rendered.",
       show=False),
    Action("release.hooks", "5", "show_tab('hooks')", "Hooks", "Hooks and their last runs.",
       show=False),
    Action("release.history", "6", "show_tab('history')", "History", "Revisions of the release.",
       show=False),
    Action("release.computed", "a", "toggle_computed", "All values",
       "Values tab: switch between user-supplied and computed values."),
    Action("release.reveal", "x", "toggle_reveal", "Reveal",
       "Show (or mask again) secrets in values, manifest and hooks."),
    Action("release.copy", "c", "copy_view", "Copy", "Copy the text of the current tab."),
    Action("release.rollback", "b", "rollback", "Rollback",
       "Roll back to the revision under the History cursor (diff preview first).",
       destructive=True),
    Action("release.undo", "u", "undo_upgrade", "Undo upgrade",
       "Roll back to the previous revision (diff preview first).", destructive=True,
       show=False),
    Action("release.upgrade", "e", "edit_values", "Edit values",
       "Edit the values side by side, preview the diff, upgrade.", destructive=True),
    Action("release.uninstall", "D", "uninstall", "Uninstall",
       "Uninstall the release (type its name to confirm).", destructive=True, show=False),
    Action("release.test", "t", "run_tests", "Test", "Run the release's tests.",
       destructive=True, show=False),
    # -- history table (focused inside the release screen)
    Action("history.mark", "space", "mark", "Mark", "Mark a revision to diff against."),
    Action("history.diff", "d", "diff", "Diff",
       "Diff the marked revision (or the current one) with the cursor's."),
    # -- diff viewer
    Action("diff.back", "escape", "back", "Back", "Close the diff."),
    Action("diff.layout", "v", "toggle_layout", "Unified/side",
       "Switch between unified and side-by-side."),
    Action("diff.noise", "f", "toggle_noise", "Noise filter",
       "Show or hide noise: chart/version labels and checksum annotations."),
    Action("diff.reveal", "x", "toggle_reveal", "Reveal",
       "Reveal (or mask again) what is masked in the item under the cursor: "
       "a Secret's data, or sensitive values."),
    Action("diff.next", "n", "next_resource", "Next", "Jump to the next changed resource.",
       show=False),
    Action("diff.previous", "N", "previous_resource", "Previous",
       "Jump to the previous changed resource.", show=False),
    Action("diff.more", "plus", "context(1)", "More context",
       "Show more unchanged lines around each change.", key_display="+", show=False),
    Action("diff.less", "minus", "context(-1)", "Less context",
       "Show fewer unchanged lines around each change.", key_display="-", show=False),
    Action("diff.apply", "ctrl+s", "apply", "Apply",
       "Apply this change (asks for confirmation first).", destructive=True),
    # -- values editor (ctrl keys: letters type into the editor)
    Action("values.back", "escape", "back", "Back", "Leave the editor without upgrading."),
    Action("values.preview", "ctrl+s", "preview", "Preview",
       "Validate, then preview the upgrade's diff (apply from there).", destructive=True),
    Action("values.baseline", "ctrl+b", "cycle_baseline", "Baseline",
       "Left pane: chart defaults, deployed user values or computed values."),
    Action("values.mode", "ctrl+r", "toggle_mode", "Reuse/reset",
       "Reset values (only the right side) or reuse the deployed ones (right merged over)."),
    Action("values.external", "ctrl+o", "external_editor", "$EDITOR",
       "Edit the right side in $EDITOR (the interface is suspended meanwhile)."),
    Action("values.copy_path", "ctrl+g", "copy_path", "Copy path",
       "Copy the YAML path of the cursor (e.g. image.tag)."),
    Action("values.reveal", "ctrl+l", "toggle_reveal", "Reveal",
       "Show (or mask again) secrets in the left pane.", show=False),
    # -- repositories and the install wizard
    Action("repos.back", "escape", "back", "Back", "Back to the release list."),
    Action("repos.search", "slash", "focus_search", "Search", "Search charts (Helm's rules).",
       key_display="/"),
    Action("repos.install", "i", "install", "Install",
       "Install the chart version under the cursor (wizard).", destructive=True),
    Action("repos.doc", "v", "toggle_doc", "README/values",
       "Show the chart's README or its default values."),
    Action("repos.add", "a", "add_repo", "Add repo", "Add a chart repository."),
    Action("repos.update", "U", "update_repos", "Update",
       "Download fresh indexes of every repository."),
    Action("repos.remove", "R", "remove_repo", "Remove repo",
       "Remove the highlighted repository.", show=False),
    Action("install.back", "escape", "back", "Back", "Leave the wizard without installing."),
    Action("install.preview", "ctrl+s", "preview", "Preview",
       "Validate, then preview the install (apply from there).", destructive=True),
    # -- operation screens (uninstall, tests)
    Action("operation.back", "escape", "back", "Back", "Close (once the operation ended)."),
    # -- confirmation dialogs (Cancel has the focus; confirming takes tab/arrows + enter)
    Action("confirm.cancel", "escape", "cancel", "Cancel", "Close without doing anything."),
)  # fmt: skip

_BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}
if len(_BY_ID) != len(ACTIONS):  # pragma: no cover - guards the table above
    raise RuntimeError("duplicate action ids in app.tui.actions.ACTIONS")


def get(action_id: str) -> Action:
    """The action with this id (KeyError if none)."""
    return _BY_ID[action_id]


def for_scopes(scopes: Iterable[str], *, read_only: bool = False) -> list[Action]:
    """Actions of these scopes, in registry order, minus destructive ones if read-only."""
    wanted = set(scopes)
    return [a for a in ACTIONS if a.scope in wanted and not (read_only and a.destructive)]


def bindings(scope: str) -> list[BindingType]:
    """The ``BINDINGS`` list for the screen or widget that owns ``scope``."""
    return [a.binding() for a in ACTIONS if a.scope == scope]


def destructive_action_names(scope: str) -> frozenset[str]:
    """Names of the destructive actions of a scope (for ``check_action``)."""
    return frozenset(a.action_name for a in ACTIONS if a.scope == scope and a.destructive)


def effective_keys(action: Action, keymap: Mapping[str, str]) -> str:
    """The key(s) that trigger ``action`` now, keymap applied, for display."""
    keys = keymap.get(action.id)
    if keys is None:
        return action.key_display or action.key
    return keys


def unknown_keymap_ids(keymap: Mapping[str, str]) -> list[str]:
    """Ids in a user keymap that match no action (a typo the user should hear about)."""
    return sorted(k for k in keymap if k not in _BY_ID)
