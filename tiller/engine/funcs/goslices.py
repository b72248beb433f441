"""Go slice/map flavours the engine's value model does not distinguish by itself."""

from __future__ import annotations

from typing import Any


class NilSlice(list[Any]):
    """A nil ``[]interface{}``: prints as ``[]`` but encodes to JSON ``null``.

    Sprig's ``rest``/``initial``/``slice`` return nil slices for empty input and
    ``concat`` of nothing is nil; ``toJson`` must tell those from ``[]``.
    """
