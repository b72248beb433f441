"""Chart archives: reproducible writing (``helm package``) and safe unpacking (``--untar``).

Writing follows Helm v2's ``chartutil.Save`` layout: a gzip stream whose header carries
Helm's comment and extra field, around a tar of regular files named ``<chart>/<path>``
(mode 0755, no directory entries). Unlike Helm, every entry gets the same modification
time, owner and order, and the gzip header no timestamp, so the same chart always gives
the same bytes (``SOURCE_DATE_EPOCH`` sets the time; default 0).

Unpacking never writes outside the target directory: links, devices, absolute paths and
``..`` are refused before a single file is written.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import tarfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from app.repos.errors import HelmError

# Helm's fixed gzip header fields (chartutil/save.go): readers ignore them, but keeping
# them makes our archives indistinguishable in layout from Helm's.
GZIP_EXTRA = b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo="
GZIP_COMMENT = b"Helm"
FILE_MODE = 0o755


def _mtime() -> int:
    try:
        return max(0, int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
    except ValueError:
        return 0


def gzip_bytes(payload: bytes) -> bytes:
    """Gzip ``payload`` with Helm's header (extra field, comment ``Helm``) and MTIME 0."""
    flags = 0x04 | 0x10  # FEXTRA | FCOMMENT
    header = b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", 0) + b"\x00\xff"
    header += struct.pack("<H", len(GZIP_EXTRA)) + GZIP_EXTRA + GZIP_COMMENT + b"\x00"
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(payload) + deflate.flush()
    trailer = struct.pack("<II", zlib.crc32(payload) & 0xFFFFFFFF, len(payload) & 0xFFFFFFFF)
    return header + body + trailer


def tar_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A tar of regular files in the given order, with fixed metadata."""
    buf = io.BytesIO()
    mtime = _mtime()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = FILE_MODE
            info.mtime = mtime
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _check_member(member: tarfile.TarInfo) -> None:
    name = member.name.replace("\\", "/")
    if member.issym() or member.islnk():
        raise HelmError(
            f"chart archive contains a link {member.name!r} -> {member.linkname!r}; "
            "links are not allowed in chart archives"
        )
    if not (member.isfile() or member.isdir() or member.type in (tarfile.XHDTYPE, tarfile.XGLTYPE)):
        raise HelmError(f"chart archive contains a special file {member.name!r}")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise HelmError(f"chart archive contains an absolute path {member.name!r}")
    if ".." in name.split("/"):
        raise HelmError(f"chart archive contains a path outside the chart {member.name!r}")


def check_archive(data: bytes, source: str) -> None:
    """Refuse corrupt archives and archives with links, special files or escaping paths.

    Raises:
        HelmError: naming ``source`` and what is wrong with it.
    """
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar:
                _check_member(member)
    except HelmError as err:
        raise HelmError(f"{source}: {err}") from None
    except (tarfile.TarError, EOFError, OSError, zlib.error) as err:
        raise HelmError(
            f"{source}: not a valid chart archive (corrupt or truncated): {err}"
        ) from None


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise HelmError(f"refusing to write {relative!r} outside {root}")
    return target


def expand(data: bytes, dest: Path, source: str) -> Path:
    """Unpack a chart archive into ``dest/<chart name>/`` (Helm's ``chartutil.Expand``).

    Files are written with mode 0644; nothing is written when any entry is unsafe.

    Returns:
        The chart's directory.

    Raises:
        HelmError: unsafe or corrupt archive, or a chart without a name.
    """
    from app.charts.chartfile import ChartfileError, parse_chartfile
    from app.charts.loader import ChartLoadError, archive_files

    check_archive(data, source)
    try:
        files = archive_files(data)
    except ChartLoadError as err:
        raise HelmError(f"{source}: {err}") from None
    chart_yaml = next((f for f in files if f.name == "Chart.yaml"), None)
    try:
        name = parse_chartfile(chart_yaml.data).name if chart_yaml else ""
    except ChartfileError as err:
        raise HelmError(f"{source}: {err}") from None
    if not name or name in (".", "..") or "/" in name or "\\" in name:
        raise HelmError(
            f"{source}: chart name not specified"
            if not name
            else f"{source}: invalid chart name {name!r}"
        )
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    chart_dir = _inside(root, name)
    targets = [(_inside(chart_dir, posixpath.normpath(f.name)), f.data) for f in files]
    for target, content in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        os.chmod(target, 0o644)
    return chart_dir
