"""ListReleases chunks must fit the 20 MiB limit including each item's framing."""

from __future__ import annotations

from hapi.release import release_pb2

from tiller.releases.list import MAX_MESSAGE_BYTES, chunks


def test_every_chunk_fits_the_limit_with_field_framing() -> None:
    # 10,000 releases of ~2 KiB: their bodies alone sum just under 20 MiB, their framing
    # (tag + length varint per item) pushes that over, which the server refuses to send.
    rel = release_pb2.Release(name="r", manifest="x" * 2090)
    releases = [rel] * 10_000
    sent = list(chunks(releases, len(releases), "", len(releases)))
    assert sum(len(c.releases) for c in sent) == 10_000
    assert all(c.ByteSize() <= MAX_MESSAGE_BYTES for c in sent)
