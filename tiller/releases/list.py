"""ListReleases: filter, sort and page stored releases, streamed in size-bounded chunks.

Unlike Helm v2's Tiller, which decodes every revision of every release on each call, this
pushes the status filter into the storage label selector, filters names and namespaces from
labels where it can, and decodes only the revisions it returns (or must sort by).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence

from hapi.release import release_pb2, status_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.releases.env import Env
from tiller.storage.driver import Record, decode_records
from tiller.storage.errors import CorruptRecordError

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 20 * 1024 * 1024
DEFAULT_LIMIT = 512
_SortBy = tiller_pb2.ListSort.SortBy
_ASC = tiller_pb2.ListSort.SortOrder.ASC


def _status_names(codes: Sequence[int]) -> list[str]:
    wanted = list(codes) or [status_pb2.Status.DEPLOYED]
    return [status_pb2.Status.Code.Name(code) for code in wanted]  # type: ignore[arg-type]


def _name_filter(pattern: str) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as err:
        raise TillerError(f"error parsing regexp: {err}: `{pattern}`") from err


def _decodable(records: list[Record]) -> list[Record]:
    """Records whose payload decodes.

    A corrupt record is logged and left out, never allowed to fail the whole listing
    (Helm's drivers skip them the same way).
    """
    kept = []
    for record in records:
        try:
            record.release()
        except CorruptRecordError as err:
            log.warning("list: skipping %s", err)
            continue
        kept.append(record)
    return kept


def _sorted(records: list[Record], sort_by: int, order: int) -> list[Record]:
    if sort_by == _SortBy.NAME:
        records = sorted(records, key=lambda r: r.name)
    elif sort_by == _SortBy.LAST_RELEASED:
        records = sorted(_decodable(records), key=lambda r: r.release().info.last_deployed.seconds)
    elif sort_by == _SortBy.CHART_NAME:
        records = sorted(_decodable(records), key=lambda r: r.release().chart.metadata.name)
    if order != _ASC:
        records.reverse()
    return records


def select(env: Env, req: tiller_pb2.ListReleasesRequest) -> tuple[list[Record], str, int]:
    """Apply Helm's filter/sort/offset/limit rules; return (page, next, total)."""
    pattern = _name_filter(req.filter)
    records = env.storage.list_records(
        _status_names(req.status_codes), namespace=req.namespace or None
    )
    if pattern is not None:
        records = [r for r in records if pattern.search(r.name)]
    total = len(records)
    records = _sorted(records, req.sort_by, req.sort_order)
    if req.offset:
        matches = [i for i, r in enumerate(records) if r.name == req.offset]
        if not matches:
            raise TillerError(f'offset "{req.offset}" not found')
        records = records[matches[-1] :]
    limit = req.limit if req.limit > 0 else DEFAULT_LIMIT
    next_name = ""
    if len(records) > limit:
        next_name = records[limit].name
        records = records[:limit]
    return records, next_name, total


def chunks(
    releases: list[release_pb2.Release], count: int, next_name: str, total: int
) -> Iterator[tiller_pb2.ListReleasesResponse]:
    """Split ``releases`` into responses that each stay under the 20 MiB message limit.

    Every chunk repeats count/next/total, as Helm's clients read them from any message.
    Nothing at all is sent for an empty result. An item bigger than the cap alone follows
    an empty chunk, as in Helm (clients tolerate it).
    """
    if not releases:
        return
    header = tiller_pb2.ListReleasesResponse(count=count, next=next_name, total=total)
    cap = MAX_MESSAGE_BYTES - header.ByteSize()
    chunk: list[release_pb2.Release] = []
    used = 0
    for release in releases:
        # On the wire each item also takes its field tag (1 byte) and length varint.
        body = release.ByteSize()
        size = body + 1 + max(1, (body.bit_length() + 6) // 7)
        if used + size > cap:
            yield tiller_pb2.ListReleasesResponse(
                count=count, next=next_name, total=total, releases=chunk
            )
            chunk, used = [], 0
        chunk.append(release)
        used += size
    yield tiller_pb2.ListReleasesResponse(count=count, next=next_name, total=total, releases=chunk)


def list_releases(
    env: Env, req: tiller_pb2.ListReleasesRequest
) -> Iterator[tiller_pb2.ListReleasesResponse]:
    """Answer ListReleases as a stream of chunks."""
    page, next_name, total = select(env, req)
    releases = decode_records(page, on_error=lambda err: log.warning("list: skipping %s", err))
    yield from chunks(releases, len(releases), next_name, total)
