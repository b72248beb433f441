"""Load a chart directory or archive into ``hapi.chart.Chart`` as Helm v2's chartutil loader does.

* ``Chart.yaml`` -> ``metadata`` (name required; ``apiVersion`` empty or ``v1``),
* ``values.yaml`` -> ``values.raw`` verbatim (``values.toml`` is an error),
* ``templates/**`` -> ``templates`` (name = chart-relative path),
* ``charts/<dir>/`` and ``charts/*.tgz`` -> ``dependencies`` (loaded recursively; entries
  starting with ``.`` or ``_`` are skipped; ``charts/*.prov`` become files),
* everything else -> ``files`` (``type_url`` = path, ``value`` = bytes).

A directory is walked in lexical order following symlinks; the top directory's
``.helmignore`` (plus the built-in ``templates/.?*`` rule) filters the whole tree,
subcharts included. An archive's first path component is stripped; absolute paths,
``..``, drive letters and a Chart.yaml at the archive root are rejected.

The chart is assembled as plain objects (``tiller.engine.chartmodel``) and converted to
the ``hapi`` message at the end; :func:`load_chart` skips that conversion (and the
import of protobuf) for callers that only render, such as ``helm-tui template``.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from typing import TYPE_CHECKING

from app.charts.chartfile import ChartfileError, parse_chartfile
from app.charts.ignore import HELM_IGNORE, IgnoreError, Rules
from tiller.engine import chartmodel

if TYPE_CHECKING:
    import tarfile

    from hapi.chart.chart_pb2 import Chart

_DRIVE = re.compile(r"^[a-zA-Z]:/")


class ChartLoadError(Exception):
    """The chart cannot be loaded; ``str(err)`` is Helm's message."""


class BufferedFile:
    """A chart file in memory: chart-relative ``/`` path and contents."""

    # Not a dataclass: ``helm-tui template`` would pay several ms to import the module.
    __slots__ = ("data", "name")

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data

    def __eq__(self, other: object) -> bool:
        if type(other) is not BufferedFile:
            return NotImplemented
        return (self.name, self.data) == (other.name, other.data)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"BufferedFile(name={self.name!r}, data={self.data!r})"


def load(path: str) -> Chart:
    """Load a chart from a directory or a ``.tgz`` archive (Helm's ``chartutil.Load``).

    Raises:
        ChartLoadError: with Helm's message.
    """
    return load_chart(path).to_proto()


def load_chart(path: str) -> chartmodel.Chart:
    """:func:`load`, as a plain chart (which the engine renders) instead of the message.

    Raises:
        ChartLoadError: with Helm's message.
    """
    try:
        st = os.stat(path)
    except OSError as e:
        raise ChartLoadError(f"stat {path}: {_os_reason(e)}") from None
    if stat.S_ISDIR(st.st_mode):
        _check_chart_dir(path)
        return _load_dir(path)
    return _load_file(path)


def _os_reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def _check_chart_dir(path: str) -> None:
    chart_yaml = os.path.join(path, "Chart.yaml")
    if not os.path.exists(chart_yaml):
        raise ChartLoadError(f'no Chart.yaml exists in directory "{path}"')
    try:
        with open(chart_yaml, "rb") as f:
            data = f.read()
    except OSError:
        raise ChartLoadError(f'cannot read Chart.Yaml in directory "{path}"') from None
    try:
        md = parse_chartfile(data)
    except ChartfileError as e:
        raise ChartLoadError(str(e)) from None
    if not md.name:
        raise ChartLoadError("invalid chart (Chart.yaml): name must not be empty")


def load_file(path: str) -> Chart:
    """Load a chart archive file (checking first that it is gzip at all).

    Raises:
        ChartLoadError: with Helm's message.
    """
    return _load_file(path).to_proto()


def _load_file(path: str) -> chartmodel.Chart:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except IsADirectoryError:
        raise ChartLoadError("cannot load a directory") from None
    except OSError as e:
        raise ChartLoadError(f"open {path}: {_os_reason(e)}") from None
    if not raw.startswith(b"\x1f\x8b\x08"):
        if path.endswith((".yml", ".yaml")):
            raise ChartLoadError(
                f"file '{path}' seems to be a YAML file, but I expected a gzipped archive"
            )
        kind = (
            "text/plain; charset=utf-8" if _looks_textual(raw[:512]) else "application/octet-stream"
        )
        raise ChartLoadError(f"file '{path}' does not appear to be a gzipped archive; got '{kind}'")
    return _load_archive(raw)


def _looks_textual(head: bytes) -> bool:
    # A rough stand-in for Go's http.DetectContentType, only used in an error message.
    return not any(b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B) for b in head)


def load_archive(data: bytes) -> Chart:
    """Load a chart from gzip-compressed tar bytes.

    Raises:
        ChartLoadError: with Helm's message.
    """
    return _load_archive(data).to_proto()


def _load_archive(data: bytes) -> chartmodel.Chart:
    return _assemble(archive_files(data))


def archive_files(data: bytes) -> list[BufferedFile]:
    """Extract the files of a chart archive, stripping the top directory.

    Raises:
        ChartLoadError: unsafe or malformed archives (Helm's messages).
    """
    # Only archives need these (a few ms to import); chart directories are the usual case.
    import gzip
    import io
    import tarfile

    files: list[BufferedFile] = []
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar:
                if member.isdir() or member.type in (tarfile.XHDTYPE, tarfile.XGLTYPE):
                    continue
                files.append(_archive_member(tar, member))
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, OSError) as e:
        if isinstance(e, ChartLoadError):
            raise
        raise ChartLoadError(_archive_error(e)) from None
    if not files:
        raise ChartLoadError("no files in chart archive")
    return files


def _archive_error(e: Exception) -> str:
    import gzip

    if isinstance(e, gzip.BadGzipFile):
        return "gzip: invalid header"
    if isinstance(e, EOFError):
        return "unexpected EOF"
    return str(e)


def _archive_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> BufferedFile:
    # Archives made on Windows may use "\" as separator.
    delim = "\\" if "\\" in member.name else "/"
    parts = member.name.split(delim)
    n = "/".join(parts[1:]) if delim == "/" else "/".join(parts[1:]).replace("\\", "/")
    if n.startswith("/"):
        raise ChartLoadError("chart illegally contains absolute paths")
    n = posixpath.normpath(n) if n else "."
    if n == ".":
        raise ChartLoadError(
            f"chart illegally contains content outside the base directory: {_goquote(member.name)}"
        )
    if n.startswith(".."):
        raise ChartLoadError("chart illegally references parent directory")
    if _DRIVE.match(n):
        raise ChartLoadError("chart contains illegally named files")
    if parts[0] == "Chart.yaml":
        raise ChartLoadError("chart yaml not in base directory")
    if member.issym() or member.islnk():
        # tarfile would follow a link to another member or read nothing; neither is a
        # chart file, and following one is how archives smuggle content around.
        raise ChartLoadError(f"chart illegally contains a link: {_goquote(member.name)}")
    f = tar.extractfile(member)
    data = f.read() if f is not None else b""
    return BufferedFile(n, data)


def _goquote(s: str) -> str:
    from tiller.engine.gotemplate.gostrconv import quote

    return quote(s)


def load_dir(path: str) -> Chart:
    """Load a chart directory, honouring its top-level ``.helmignore``.

    Raises:
        ChartLoadError: with Helm's message.
    """
    return _load_dir(path).to_proto()


def _load_dir(path: str) -> chartmodel.Chart:
    top = os.path.abspath(path)
    rules = Rules()
    ignore_file = os.path.join(top, HELM_IGNORE)
    if os.path.exists(ignore_file):
        try:
            with open(ignore_file, encoding="utf-8", errors="replace") as f:
                rules = Rules.parse(f.read().splitlines())
        except IgnoreError as e:
            raise ChartLoadError(str(e)) from None
        except OSError as e:
            raise ChartLoadError(f"open {ignore_file}: {_os_reason(e)}") from None
    rules.add_defaults()
    files: list[BufferedFile] = []
    _walk(top, "", rules, files, os.path.realpath(top))
    return _assemble(files)


def _walk(top: str, rel: str, rules: Rules, out: list[BufferedFile], root: str) -> None:
    # Lexical order, symlinks followed (Helm's sympath.Walk) but only within the chart:
    # a link resolving outside ``root`` would pull arbitrary files into the release.
    directory = os.path.join(top, rel) if rel else top
    try:
        names = sorted(os.listdir(directory))
    except OSError as e:
        raise ChartLoadError(f"open {directory}: {_os_reason(e)}") from None
    for name in names:
        n = f"{rel}/{name}" if rel else name
        full = os.path.join(directory, name)
        if os.path.islink(full):
            target = os.path.realpath(full)
            if os.path.commonpath([root, target]) != root:
                raise ChartLoadError(
                    f"chart illegally contains a symlink escaping the chart: {n} -> {target}"
                )
        try:
            st = os.stat(full)
        except OSError as e:
            raise ChartLoadError(f"stat {full}: {_os_reason(e)}") from None
        if stat.S_ISDIR(st.st_mode):
            if not rules.ignore(n, True):
                _walk(top, n, rules, out, root)
            continue
        if rules.ignore(n, False):
            continue
        if not stat.S_ISREG(st.st_mode):
            raise ChartLoadError(
                f"cannot load irregular file {full} as it has file mode type bits set"
            )
        try:
            with open(full, "rb") as f:
                out.append(BufferedFile(n, f.read()))
        except OSError as e:
            raise ChartLoadError(f"error reading {n}: {_os_reason(e)}") from None


def load_files(files: list[BufferedFile]) -> Chart:
    """Assemble a chart from in-memory files (Helm's ``LoadFiles``).

    Raises:
        ChartLoadError: with Helm's message.
    """
    return _assemble(files).to_proto()


def _assemble(files: list[BufferedFile]) -> chartmodel.Chart:
    c = chartmodel.Chart()
    has_metadata = False
    subcharts: dict[str, list[BufferedFile]] = {}
    for f in files:
        if f.name == "Chart.yaml":
            try:
                c.metadata.CopyFrom(parse_chartfile(f.data))
            except ChartfileError as e:
                raise ChartLoadError(str(e)) from None
            has_metadata = True
            api = c.metadata.apiVersion
            if api not in ("", "v1"):
                raise ChartLoadError(f"apiVersion '{api}' is not valid. The value must be \"v1\"")
        elif f.name == "values.toml":
            raise ChartLoadError("values.toml is illegal as of 2.0.0-alpha.2")
        elif f.name == "values.yaml":
            c.values.raw = f.data.decode("utf-8", "replace")  # sets values, even if empty
        elif f.name.startswith("templates/"):
            c.templates.append(chartmodel.Template(f.name, f.data))
        elif f.name.startswith("charts/"):
            if posixpath.splitext(f.name)[1] == ".prov":
                c.files.append(chartmodel.File(f.name, f.data))
                continue
            cname = f.name[len("charts/") :]
            if cname[:1] in (".", "_"):
                continue
            subcharts.setdefault(cname.split("/", 1)[0], []).append(BufferedFile(cname, f.data))
        else:
            c.files.append(chartmodel.File(f.name, f.data))
    if not has_metadata:
        raise ChartLoadError("chart metadata (Chart.yaml) missing")
    if not c.metadata.name:
        raise ChartLoadError("invalid chart (Chart.yaml): name must not be empty")
    # Helm iterates a Go map here (random order); sorting keeps loads reproducible.
    for n in sorted(subcharts):
        c.dependencies.append(_load_subchart(c.metadata.name, n, subcharts[n]))
    return c


def _load_subchart(parent: str, n: str, files: list[BufferedFile]) -> chartmodel.Chart:
    is_archive = posixpath.splitext(n)[1] == ".tgz"
    if is_archive and files[0].name != n:
        raise ChartLoadError(f"error unpacking tar in {parent}: expected {n}, got {files[0].name}")
    try:
        if is_archive:
            return _load_archive(files[0].data)
        inner = [BufferedFile(f.name.split("/", 1)[1], f.data) for f in files if "/" in f.name]
        return _assemble(inner)
    except ChartLoadError as e:
        raise ChartLoadError(f"error unpacking {n} in {parent}: {e}") from None
