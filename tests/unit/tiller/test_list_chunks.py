"""ListReleases chunks: Helm's partition under the 20 MiB limit, built one at a time."""

from __future__ import annotations

from collections.abc import Iterator

from hapi.release import release_pb2
from hapi.services import tiller_pb2

from tiller.releases.list import MAX_MESSAGE_BYTES, chunks


def test_every_chunk_fits_the_limit_with_field_framing() -> None:
    # 10,000 releases of ~2 KiB: their bodies alone sum just under 20 MiB, their framing
    # (tag + length varint per item) pushes that over, which the server refuses to send.
    rel = release_pb2.Release(name="r", manifest="x" * 2090)
    releases = [rel.SerializeToString()] * 10_000
    sent = list(chunks(releases, len(releases), "", len(releases)))
    assert sum(len(c.releases) for c in sent) == 10_000
    assert all(c.ByteSize() <= MAX_MESSAGE_BYTES for c in sent)


def helm_partition(sizes: list[int], cap: int) -> list[list[int]]:
    """Helm v2's partition, restated: indexes of the items in each chunk."""
    out: list[list[int]] = []
    chunk: list[int] = []
    fill = 0
    for i, size in enumerate(sizes):
        if size + fill > cap:
            out.append(chunk)
            chunk, fill = [], 0
        chunk.append(i)
        fill += size
    out.append(chunk)
    return out


def test_partition_is_helms_greedy_fill_including_the_empty_first_chunk() -> None:
    # Megabyte-sized items so that a few of them fill a chunk; the first is alone bigger
    # than the cap (Helm then sends an empty chunk first).
    lengths = [21 << 20, 5 << 20, 9 << 20, 3 << 20, 7 << 20, 1 << 20, 12 << 20, 100]
    releases = [release_pb2.Release(name=f"r{i}", manifest="x" * n) for i, n in enumerate(lengths)]
    header = tiller_pb2.ListReleasesResponse(count=8, next="nx", total=99)
    cap = MAX_MESSAGE_BYTES - header.ByteSize()
    sizes = [r.ByteSize() + 1 + len(_varint(r.ByteSize())) for r in releases]
    expected = helm_partition(sizes, cap)
    sent = list(chunks((r.SerializeToString() for r in releases), 8, "nx", 99))
    assert [[int(r.name[1:]) for r in c.releases] for c in sent] == expected
    assert expected[0] == []  # the quirk is exercised
    assert all((c.count, c.next, c.total) == (8, "nx", 99) for c in sent)
    assert [r for c in sent for r in c.releases] == releases


def test_chunks_are_built_one_at_a_time() -> None:
    pulled: list[int] = []

    def items() -> Iterator[bytes]:
        for i in range(6):
            pulled.append(i)
            yield release_pb2.Release(name=f"r{i}", manifest="x" * (8 << 20)).SerializeToString()

    stream = chunks(items(), 6, "", 6)
    first = next(stream)
    assert [r.name for r in first.releases] == ["r0", "r1"]
    # The item that did not fit is the only one read ahead: the rest stays undecoded.
    assert pulled == [0, 1, 2]
    assert [len(c.releases) for c in stream] == [2, 2]


def test_nothing_is_sent_for_no_releases() -> None:
    assert list(chunks(iter([]), 0, "", 0)) == []


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)
