"""``helm-tui --script`` with the client-only commands: charts and repositories.

create, lint, package, repo index/add/list/update/remove, search, fetch, inspect,
dependency, template, home, init, version and verify, run from one script against
``helm-tui serve`` (its own process). No cluster needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_script_support import check_golden, normalise, run_script, serve_directory


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An empty directory served as a chart repository by ``helm-tui serve``."""
    repo = tmp_path / "repo"
    repo.mkdir()
    with serve_directory(repo, tmp_path / "home") as url:
        yield repo, url


SCRIPT = """\
init --client-only --skip-refresh
home
version --client --short
create ${WORK}/demo
lint ${WORK}/demo
package ${WORK}/demo --destination ${WORK}/repo --save=false
repo index ${WORK}/repo --url ${URL}
repo add mine ${URL}
repo list
repo update
search mine/
fetch mine/demo --destination ${WORK} --untar --untardir fetched
inspect chart ${WORK}/fetched/demo
dependency list ${WORK}/demo
template ${WORK}/demo --name rel -x templates/service.yaml
verify ${WORK}/repo/demo-0.1.0.tgz
repo remove mine
"""


def test_chart_and_repo_commands(tmp_path: Path, served: tuple[Path, str]) -> None:
    repo, url = served
    env = {**os.environ, "HELM_HOME": str(tmp_path / "home"), "WORK": str(tmp_path), "URL": url}
    result = run_script(SCRIPT, tmp_path, "--keep-going", env=env)
    # verify fails (the package has no provenance file); --keep-going runs the rest.
    assert result.code == 1, result.err
    assert result.err.splitlines()[-1].startswith("script.txt:16: Error: ")
    assert (repo / "demo-0.1.0.tgz").exists() and (tmp_path / "fetched" / "demo").is_dir()
    extra = {str(tmp_path): "<WORK>", url: "<URL>"}
    check_golden("charts_script.out", normalise(result.out, extra))
    check_golden("charts_script.err", normalise(result.err, extra))
