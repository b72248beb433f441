"""``helm-tui diff upgrade|rollback|revision``: preview changes without applying them.

Not a Helm v2 command (it follows the helm-diff plugin's idea): an upgrade or rollback
is run as a dry run through Tiller and the proposed manifest compared with the current
one, resource by resource, after the user-supplied values of both sides. Version labels
and checksum annotations are left out unless ``--show-noise``; Secret data and sensitive
values are masked unless ``--show-secrets``. With ``--detailed-exitcode`` the exit code is
3 when something would change (a resource or the user-supplied values).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import (
    add_output_flag,
    detailed_exit,
    need_args,
    output_format,
    show_secrets,
    write,
)
from app.ops.errors import UsageError

if TYPE_CHECKING:
    from app.commands._common import Subparsers
    from app.ops.preview import DiffOptions, DiffOutcome

DESCRIPTION = """\
Show what an upgrade or a rollback would change, or how two revisions differ:
the user-supplied values, then resource by resource, without changing anything.

  helm-tui diff upgrade RELEASE CHART [upgrade flags]   dry-run upgrade vs. current
  helm-tui diff rollback RELEASE REVISION               dry-run rollback vs. current
  helm-tui diff revision RELEASE REVISION [REVISION2]   two stored revisions (default: latest)

Exit code 0 (or 3 with --detailed-exitcode when there are changes), 1 on failure.
"""


def _common_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-C", "--context", type=int, default=3,
        help="lines of context around each change; -1 shows whole resources (default 3)",
    )  # fmt: skip
    parser.add_argument(
        "--show-noise", action="store_true",
        help="also compare chart version labels and checksum annotations",
    )  # fmt: skip
    add_output_flag(parser)
    add_tls_flags(parser)


def register(subparsers: Subparsers) -> None:
    """Add ``diff`` and its three forms."""
    from app.commands.upgrade import add_upgrade_flags

    parser = subparsers.add_parser(
        "diff",
        help="preview an upgrade or rollback, or compare revisions",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    forms = parser.add_subparsers(title="forms", metavar="FORM")
    upgrade = forms.add_parser("upgrade", help="dry-run an upgrade and show the changes")
    upgrade.add_argument("args", nargs="*", metavar="RELEASE CHART")
    add_upgrade_flags(upgrade)
    _common_flags(upgrade)
    upgrade.set_defaults(run=run_upgrade)
    rollback = forms.add_parser("rollback", help="dry-run a rollback and show the changes")
    rollback.add_argument("args", nargs="*", metavar="RELEASE REVISION")
    _common_flags(rollback)
    rollback.set_defaults(run=run_rollback)
    revision = forms.add_parser("revision", help="compare two revisions of a release")
    revision.add_argument("args", nargs="*", metavar="RELEASE REVISION [REVISION2]")
    _common_flags(revision)
    revision.set_defaults(run=run_revision)
    parser.set_defaults(run=_missing_form)


def _missing_form(args: argparse.Namespace) -> int:
    raise UsageError("diff needs a form: upgrade, rollback or revision")


def _options(args: argparse.Namespace) -> DiffOptions:
    from app.ops.preview import DiffOptions

    return DiffOptions(args.context, args.show_noise, show_secrets(args))


def _revision(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UsageError(f'strconv.Atoi: parsing "{text}": invalid syntax') from None


def _print(args: argparse.Namespace, outcome: DiffOutcome) -> int:
    output = output_format(args)
    if output == "table":
        write(outcome.text())
    else:
        from app.commands._render import document

        write(document(outcome.document(), output))
    return detailed_exit(args, outcome.has_changes)


def run_upgrade(args: argparse.Namespace) -> int:
    """``diff upgrade RELEASE CHART``."""
    from app.commands.upgrade import upgrade_spec
    from app.ops.preview import diff_upgrade

    need_args(args.args, "release name", "chart path")
    output_format(args)
    spec = upgrade_spec(args, args.args[0], args.args[1])
    outcome = call_tiller(args, lambda tiller: diff_upgrade(tiller, spec, _options(args)))
    return _print(args, outcome)


def run_rollback(args: argparse.Namespace) -> int:
    """``diff rollback RELEASE REVISION``."""
    from app.ops.preview import diff_rollback

    need_args(args.args, "release name", "revision number")
    output_format(args)
    name, revision = args.args[0], _revision(args.args[1])
    outcome = call_tiller(
        args, lambda tiller: diff_rollback(tiller, name, revision, _options(args))
    )
    return _print(args, outcome)


def run_revision(args: argparse.Namespace) -> int:
    """``diff revision RELEASE REVISION [REVISION2]``."""
    from app.ops.preview import diff_revisions

    if len(args.args) == 2:
        args.args.append("0")
    need_args(args.args, "release name", "revision number", "second revision number")
    output_format(args)
    name, first, second = args.args[0], _revision(args.args[1]), _revision(args.args[2])
    outcome = call_tiller(
        args, lambda tiller: diff_revisions(tiller, name, first, second, _options(args))
    )
    return _print(args, outcome)
