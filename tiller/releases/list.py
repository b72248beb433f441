"""ListReleases: filter, sort and page stored releases, streamed in size-bounded chunks.

Unlike Helm v2's Tiller, which decodes every revision of every release on each call, this
pushes the status filter into the storage label selector, filters names and namespaces from
labels where it can, and decodes only the revisions it returns (or must sort by).

Memory stays bounded by one response chunk, not by the whole answer: a listing of 10,000
releases is never held decoded at once. Sorting by a decoded field keeps only the sort
keys, and the returned revisions are parsed straight into the chunk being filled.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from hapi.release import release_pb2, status_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.releases.env import Env
from tiller.storage.driver import Record
from tiller.storage.errors import CorruptRecordError
from tiller.storage.listing import Listing

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 20 * 1024 * 1024
DEFAULT_LIMIT = 512
_SortBy = tiller_pb2.ListSort.SortBy
_ASC = tiller_pb2.ListSort.SortOrder.ASC

# What a decoded-field sort compares: Helm's LAST_RELEASED and CHART_NAME.
_DECODED_SORT_KEYS: dict[int, Callable[[release_pb2.Release], int | str]] = {
    _SortBy.LAST_RELEASED: lambda rls: rls.info.last_deployed.seconds,
    _SortBy.CHART_NAME: lambda rls: rls.chart.metadata.name,
}


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


def _sorted_by_decoded_field(
    listing: Listing, positions: list[int], key_of: Callable[[release_pb2.Release], int | str]
) -> list[int]:
    """Sort by a field of the decoded release, keeping only the keys in memory.

    A corrupt record is logged and left out, never allowed to fail the whole listing
    (Helm's drivers skip them the same way).
    """
    keyed: list[tuple[int | str, int]] = []
    for position in positions:
        try:
            keyed.append((key_of(listing.record(position).release(keep=False)), position))
        except CorruptRecordError as err:
            log.warning("list: skipping %s", err)
    keyed.sort()  # equal keys keep storage order: positions ascend in it
    return [position for _, position in keyed]


def _sorted(listing: Listing, positions: list[int], sort_by: int, order: int) -> list[int]:
    if sort_by == _SortBy.NAME:
        positions = sorted(positions, key=listing.names.__getitem__)
    elif sort_by in _DECODED_SORT_KEYS:
        positions = _sorted_by_decoded_field(listing, positions, _DECODED_SORT_KEYS[sort_by])
    if order != _ASC:
        positions.reverse()
    return positions


def select(env: Env, req: tiller_pb2.ListReleasesRequest) -> tuple[list[Record], str, int]:
    """Apply Helm's filter/sort/offset/limit rules; return (page, next, total).

    Filtering, counting, sorting by name and paging use names only: records are built
    just for the page (and, to sort by a decoded field, one at a time for every match).
    """
    pattern = _name_filter(req.filter)
    listing = env.storage.listing(_status_names(req.status_codes), namespace=req.namespace or None)
    names = listing.names
    positions = list(range(len(listing)))
    if pattern is not None:
        positions = [i for i in positions if pattern.search(names[i])]
    total = len(positions)
    positions = _sorted(listing, positions, req.sort_by, req.sort_order)
    if req.offset:
        matches = [j for j, i in enumerate(positions) if names[i] == req.offset]
        if not matches:
            raise TillerError(f'offset "{req.offset}" not found')
        positions = positions[matches[-1] :]
    limit = req.limit if req.limit > 0 else DEFAULT_LIMIT
    next_name = ""
    if len(positions) > limit:
        next_name = names[positions[limit]]
        positions = positions[:limit]
    return [listing.record(i) for i in positions], next_name, total


def _decodable(records: list[Record]) -> list[Record]:
    """The records whose release decodes; corrupt ones are logged and left out.

    Every chunk carries the final ``count``, so this must be known before the first is
    sent: each record is decoded here and thrown away, and decoded again into its chunk.
    """
    kept = []
    for record in records:
        try:
            record.release(keep=False)
        except CorruptRecordError as err:
            log.warning("list: skipping %s", err)
            continue
        kept.append(record)
    return kept


def _item_size(item: release_pb2.Release) -> int:
    # On the wire each item also takes its field tag (1 byte) and length varint.
    body = item.ByteSize()
    return body + 1 + max(1, (body.bit_length() + 6) // 7)


def chunks(
    releases: Iterable[bytes], count: int, next_name: str, total: int
) -> Iterator[tiller_pb2.ListReleasesResponse]:
    """Pack serialized releases into responses that each stay under the 20 MiB limit.

    Helm's partition (spec §3.7): fill a chunk until the next item would pass the cap,
    then start another. Every chunk repeats count/next/total, as Helm's clients read them
    from any message. Nothing at all is sent for an empty result. An item bigger than the
    cap alone follows an empty chunk, as in Helm (clients tolerate it).

    Each item is parsed straight into the chunk being filled, so the only decoded copy of
    a release is the one inside its response message, and only one chunk is built at a
    time (the caller sends each before asking for the next).

    Args:
        releases: ``hapi.release.Release`` wire bytes, in response order.
        count: The response's ``count``.
        next_name: The response's ``next``.
        total: The response's ``total``.

    Yields:
        The responses.

    Raises:
        google.protobuf.message.DecodeError: An item does not parse (callers pass only
            checked ones).
    """
    header = tiller_pb2.ListReleasesResponse(count=count, next=next_name, total=total)
    cap = MAX_MESSAGE_BYTES - header.ByteSize()
    chunk: tiller_pb2.ListReleasesResponse | None = None
    used = 0
    for data in releases:
        if chunk is None:
            chunk = tiller_pb2.ListReleasesResponse(count=count, next=next_name, total=total)
        item = chunk.releases.add()
        item.MergeFromString(data)
        size = _item_size(item)
        if used + size > cap:
            del chunk.releases[-1]
            yield chunk
            chunk = tiller_pb2.ListReleasesResponse(count=count, next=next_name, total=total)
            chunk.releases.add().MergeFromString(data)
            used = 0
        used += size
    if chunk is not None:
        yield chunk


def list_releases(
    env: Env, req: tiller_pb2.ListReleasesRequest
) -> Iterator[tiller_pb2.ListReleasesResponse]:
    """Answer ListReleases as a stream of chunks."""
    page, next_name, total = select(env, req)
    if req.sort_by not in _DECODED_SORT_KEYS:  # that sort has already left corrupt ones out
        page = _decodable(page)
    yield from chunks((r.serialized() for r in page), len(page), next_name, total)
