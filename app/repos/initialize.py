"""``helm init --client-only``: the directories, repositories.yaml and the local repository."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from app.repos.errors import HelmError
from app.repos.home import LOCAL_REPO_NAME, LOCAL_REPO_URL, STABLE_REPO_NAME, HelmHome
from app.repos.index import IndexFile
from app.repos.repofile import Entry, RepoFile


def ensure_home(
    home: HelmHome, out: Callable[[str], None], *, stable_url: str = "",
    local_url: str = LOCAL_REPO_URL, skip_refresh: bool = False,
) -> None:  # fmt: skip
    """Create what is missing, reporting each creation as Helm does.

    An existing home is left as it is (only missing pieces are added).

    Raises:
        HelmError: a path that should be a directory is a file, or the stable repository
            (when asked for) cannot be reached.
    """
    for path in home.directories():
        if not path.exists():
            out(f"Creating {path} ")
            path.mkdir(parents=True, mode=0o755)
        elif not path.is_dir():
            raise HelmError(f"{path} must be a directory")
    if home.repository_file.exists():
        return
    out(f"Creating {home.repository_file} ")
    repos = RepoFile()
    if not stable_url:
        out(
            f"Skipping {STABLE_REPO_NAME} repo: it is on the internet; add it with "
            "--stable-repo-url or 'helm-tui repo add stable URL' "
        )
    else:
        from app.repos.manager import download_index

        out(f"Adding {STABLE_REPO_NAME} repo with URL: {stable_url} ")
        stable = Entry(STABLE_REPO_NAME, stable_url, cache=str(home.cache_index(STABLE_REPO_NAME)))
        if not skip_refresh:
            try:
                download_index(stable, home.cache)
            except HelmError as err:
                raise HelmError(
                    f'error initializing: Looks like "{stable_url}" is not a valid chart '
                    f"repository or cannot be reached: {err}"
                ) from None
        repos.update(stable)
    out(f"Adding {LOCAL_REPO_NAME} repo with URL: {local_url} ")
    index_file = home.local_repository / "index.yaml"
    if not index_file.exists():
        IndexFile().save(index_file)
    cache_file = home.cache_index(LOCAL_REPO_NAME)
    # Helm links the cached index to the local repository's own index.
    with contextlib.suppress(FileNotFoundError):
        cache_file.unlink()
    try:
        os.symlink(index_file, cache_file)
    except OSError:
        cache_file.write_bytes(index_file.read_bytes())
    repos.update(Entry(LOCAL_REPO_NAME, local_url, cache=str(cache_file)))
    repos.save(home.repository_file)
