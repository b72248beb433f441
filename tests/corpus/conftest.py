"""Print the corpus pass rate at the end of a run that included corpus cases."""

from __future__ import annotations

import pytest

from tests.corpus import test_corpus


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    results = test_corpus.RESULTS
    if not results:
        return
    passed = sum(results.values())
    total = len(results)
    terminalreporter.write_sep("=", "Helm v2.17 corpus")
    terminalreporter.write_line(
        f"corpus pass rate: {passed}/{total} cases ({100.0 * passed / total:.1f}%)"
    )
    failed = sorted(c for c, ok in results.items() if not ok)
    if failed:
        terminalreporter.write_line("failing: " + ", ".join(failed))
