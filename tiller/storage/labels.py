"""Record keys, labels and label selectors (spec §5.1).

Helm v2 labels every record with NAME, OWNER=TILLER, STATUS, VERSION and one
of CREATED_AT (on create) / MODIFIED_AT (on update). We add NAMESPACE so that
listings can filter by release namespace without decoding payloads; Helm
ignores unknown labels, and records written by Helm simply lack it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hapi.release import release_pb2, status_pb2

from tiller.storage.errors import InvalidLabelValueError

NAME = "NAME"
OWNER = "OWNER"
STATUS = "STATUS"
VERSION = "VERSION"
CREATED_AT = "CREATED_AT"
MODIFIED_AT = "MODIFIED_AT"
NAMESPACE = "NAMESPACE"

OWNER_TILLER = "TILLER"

_LABEL_VALUE_RE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
_LABEL_VALUE_MAX = 63
# Kubernetes' own wording (apimachinery validation.IsValidLabelValue), which
# Helm puts verbatim into its "invalid label value" error.
_LABEL_VALUE_FMT_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, "
    "'-', '_' or '.', and must start and end with an alphanumeric character "
    "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)


def make_key(name: str, version: int) -> str:
    """Build the storage key / object name ``<name>.v<version>``.

    Args:
        name: Release name.
        version: Revision number.

    Returns:
        The key.
    """
    return f"{name}.v{version}"


def split_key(key: str) -> tuple[str, int] | None:
    """Split a key into release name and revision.

    Args:
        key: A key such as ``wonderful-gecko.v3``.

    Returns:
        ``(name, version)``, or ``None`` if the key has no ``.v<int>`` suffix.
    """
    # rpartition rather than Go's strings.Split: release names may themselves
    # contain ".v" (e.g. "my.vault"), which Helm's memory driver mishandles.
    name, sep, ver = key.rpartition(".v")
    if not sep or not name or not ver.isdigit():
        return None
    return name, int(ver)


def status_name(code: int) -> str:
    """Return the Status.Code enum name used in the STATUS label.

    Args:
        code: A ``hapi.release.Status.Code`` value.

    Returns:
        The enum name, or ``""`` for an unknown code (what Go's map lookup gives).
    """
    try:
        return status_pb2.Status.Code.Name(code)  # type: ignore[arg-type]
    except ValueError:
        return ""


def status_code(name: str) -> int:
    """Return the Status.Code value for a STATUS label (UNKNOWN if unrecognised).

    Args:
        name: The label value.

    Returns:
        The enum number.
    """
    try:
        return int(status_pb2.Status.Code.Value(name))
    except ValueError:
        return status_pb2.Status.UNKNOWN


def label_value_problems(value: str) -> list[str]:
    """Validate a Kubernetes label value.

    Args:
        value: Candidate label value.

    Returns:
        Problems found, in Kubernetes' wording; empty when valid.
    """
    problems = []
    if len(value) > _LABEL_VALUE_MAX:
        problems.append(f"must be no more than {_LABEL_VALUE_MAX} characters")
    if not _LABEL_VALUE_RE.fullmatch(value):
        problems.append(_LABEL_VALUE_FMT_MSG)
    return problems


def check_label_values(labels: Mapping[str, str]) -> None:
    """Reject label values Kubernetes would refuse, as Helm's Query does.

    Args:
        labels: Query labels.

    Raises:
        InvalidLabelValueError: For the first invalid value.
    """
    for value in labels.values():
        problems = label_value_problems(value)
        if problems:
            raise InvalidLabelValueError(value, problems)


def release_labels(
    rls: release_pb2.Release,
    *,
    created_at: int | None = None,
    modified_at: int | None = None,
) -> dict[str, str]:
    """Compute the full label set for a stored record.

    Args:
        rls: The release being stored.
        created_at: Unix seconds for CREATED_AT (set by Create).
        modified_at: Unix seconds for MODIFIED_AT (set by Update).

    Returns:
        The labels. Update passes only ``modified_at``, so CREATED_AT vanishes,
        exactly as with Helm's whole-object replace.
    """
    labels: dict[str, str] = {}
    if created_at is not None:
        labels[CREATED_AT] = str(created_at)
    if modified_at is not None:
        labels[MODIFIED_AT] = str(modified_at)
    labels[NAME] = rls.name
    labels[OWNER] = OWNER_TILLER
    labels[STATUS] = status_name(rls.info.status.code)
    labels[VERSION] = str(rls.version)
    # An unlabellable namespace is left out; readers then decode instead.
    if not label_value_problems(rls.namespace):
        labels[NAMESPACE] = rls.namespace
    return labels


@dataclass(frozen=True)
class Selector:
    """A Kubernetes label selector of equality and set-based (``in``) terms.

    Attributes:
        equals: Labels that must have exactly the given value.
        within: Labels whose value must be one of the given set.
    """

    equals: Mapping[str, str] = field(default_factory=dict)
    within: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def tiller(
        cls,
        *,
        name: str | None = None,
        statuses: Iterable[str] | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> Selector:
        """Build a selector for Tiller-owned records.

        Args:
            name: Restrict to one release name.
            statuses: Restrict to these STATUS label values (``None`` = any).
            extra: Additional equality terms.

        Returns:
            The selector (always including ``OWNER=TILLER``).
        """
        equals = {OWNER: OWNER_TILLER, **(extra or {})}
        if name is not None:
            equals[NAME] = name
        within = {} if statuses is None else {STATUS: frozenset(statuses)}
        return cls(equals=equals, within=within)

    def to_string(self) -> str:
        """Render the selector in Kubernetes syntax.

        Returns:
            e.g. ``NAME=foo,OWNER=TILLER,STATUS in (DEPLOYED,FAILED)``.
        """
        terms = [f"{k}={v}" for k, v in sorted(self.equals.items())]
        terms += [f"{k} in ({','.join(sorted(vs))})" for k, vs in sorted(self.within.items())]
        return ",".join(terms)

    def matches(self, labels: Mapping[str, str]) -> bool:
        """Evaluate the selector locally (memory driver, fakes).

        Args:
            labels: A record's labels.

        Returns:
            Whether every term holds.
        """
        for k, v in self.equals.items():
            if labels.get(k) != v:
                return False
        return all(labels.get(k) in vs for k, vs in self.within.items())

    def values(self) -> list[str]:
        """Return every value mentioned, for validation.

        Returns:
            The values of all terms.
        """
        return [*self.equals.values(), *(v for vs in self.within.values() for v in vs)]
