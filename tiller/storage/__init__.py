"""Tiller release storage, byte-compatible with Helm v2's records (spec §5).

Typical use::

    from tiller.storage import ConfigMapsDriver, Storage
    storage = Storage(ConfigMapsDriver(core_v1_api, "kube-system"), max_history=10)
    records = storage.list_records(["DEPLOYED", "FAILED"])   # labels only, no decoding
    releases = [r.release() for r in records[:256]]  # decode what you return
"""

from tiller.storage.configmaps import ConfigMapsDriver
from tiller.storage.driver import Driver, Record, decode_records
from tiller.storage.errors import (
    CorruptRecordError,
    InvalidKeyError,
    InvalidLabelValueError,
    NoDeployedReleasesError,
    NoRevisionError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageApiError,
    StorageError,
    StorageUnavailableError,
)
from tiller.storage.labels import Selector, make_key, split_key
from tiller.storage.memory import MemoryDriver
from tiller.storage.secrets import SecretsDriver
from tiller.storage.storage import Storage

__all__ = [
    "ConfigMapsDriver",
    "CorruptRecordError",
    "Driver",
    "InvalidKeyError",
    "InvalidLabelValueError",
    "MemoryDriver",
    "NoDeployedReleasesError",
    "NoRevisionError",
    "Record",
    "ReleaseExistsError",
    "ReleaseNotFoundError",
    "SecretsDriver",
    "Selector",
    "Storage",
    "StorageApiError",
    "StorageError",
    "StorageUnavailableError",
    "decode_records",
    "make_key",
    "split_key",
]
