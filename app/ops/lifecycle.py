"""Roll back, delete and test releases, as Helm v2.17's CLI does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.client.models import Release, TestRunStatus
from app.client.requests import RollbackRequest, TestMessage, TestRequest, UninstallRequest
from app.ops.errors import OpsError
from app.ops.progress import Progress, tracking
from app.ops.tiller_api import TillerAPI


async def rollback(
    tiller: TillerAPI, request: RollbackRequest, progress: Progress | None = None
) -> Release:
    """Roll a release back (RollbackRelease); returns the new revision.

    Raises:
        TillerError: Tiller refused or the rollback failed.
    """
    wait = f"; Tiller waits up to {request.timeout}s for resources" if request.wait else ""
    target = f"revision {request.revision}" if request.revision else "the previous revision"
    async with tracking(progress, "rollback", request.name, f"rolling back to {target}{wait}"):
        return await tiller.rollback(request)


@dataclass(frozen=True)
class DeleteOutcome:
    """One deleted release.

    Attributes:
        name: the release.
        purged: its history was removed too.
        dry_run: nothing was deleted (the release was only looked up).
        info: Tiller's note on resources kept by ``helm.sh/resource-policy``.
        release: the deleted revision, if Tiller returned it.
    """

    name: str
    purged: bool = False
    dry_run: bool = False
    info: str = ""
    release: Release | None = None


async def delete(
    tiller: TillerAPI,
    names: Sequence[str],
    template: UninstallRequest,
    *,
    dry_run: bool = False,
    on_deleted: Callable[[DeleteOutcome], None] | None = None,
    progress: Progress | None = None,
) -> list[DeleteOutcome]:
    """Delete releases one after another, stopping at the first failure (as Helm).

    Args:
        tiller: the client.
        names: releases to delete.
        template: the UninstallReleaseRequest options (its name is replaced per release).
        dry_run: only look each release up (Helm sends no UninstallRelease then).
        on_deleted: called after each release, before the next one is tried.
        progress: progress callback.

    Raises:
        TillerError: the first failure; releases before it stay deleted.
    """
    done: list[DeleteOutcome] = []
    for name in names:
        if dry_run:
            release = await tiller.release_content(name)
            outcome = DeleteOutcome(name, template.purge, True, "", release)
        else:
            what = "deleting and purging" if template.purge else "deleting"
            async with tracking(progress, "delete", name, what):
                result = await tiller.uninstall(
                    UninstallRequest(
                        name=name,
                        disable_hooks=template.disable_hooks,
                        purge=template.purge,
                        timeout=template.timeout,
                        description=template.description,
                    )
                )
            outcome = DeleteOutcome(name, template.purge, False, result.info, result.release)
        done.append(outcome)
        if on_deleted is not None:
            on_deleted(outcome)
    return done


@dataclass(frozen=True)
class TestOutcome:
    """A finished test run.

    Attributes:
        messages: everything Tiller streamed, in order.
        failed: how many messages reported a failure.
    """

    __test__ = False  # not a pytest test class, despite the name

    messages: tuple[TestMessage, ...]
    failed: int

    @property
    def passed(self) -> bool:
        """No test failed."""
        return self.failed == 0


class TestsFailedError(OpsError):
    """Some release tests failed (``N test(s) failed``, Helm's text)."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, outcome: TestOutcome) -> None:
        super().__init__(f"{outcome.failed} test(s) failed")
        self.outcome = outcome


async def run_tests(
    tiller: TillerAPI,
    request: TestRequest,
    on_message: Callable[[TestMessage], None] | None = None,
) -> TestOutcome:
    """Run a release's tests, passing each streamed message to ``on_message`` as it comes.

    Returns the outcome even when tests failed; ``raise_for_failures`` turns that into
    Helm's error.

    Raises:
        TillerError: the run itself failed.
    """
    messages: list[TestMessage] = []
    async for message in tiller.run_tests(request):
        messages.append(message)
        if on_message is not None:
            on_message(message)
    failed = sum(1 for m in messages if m.status is TestRunStatus.FAILURE)
    return TestOutcome(tuple(messages), failed)


def raise_for_failures(outcome: TestOutcome) -> None:
    """Raise ``TestsFailedError`` if any test failed."""
    if not outcome.passed:
        raise TestsFailedError(outcome)
