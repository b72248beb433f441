"""PyYAML, imported without the one pattern compile that only its pure-Python reader needs.

Importing ``yaml`` compiles ``yaml.reader.Reader.NON_PRINTABLE``, a character class
spanning all of Unicode: about 5 ms, a third of the package's import time, in every
``helm-tui template`` process. Only the pure-Python ``Reader`` matches it; the engine
reads YAML through libyaml (``CSafeLoader``) and never does. So the first import here
gets that one pattern as a stand-in that compiles the real pattern on first use; every
other pattern, and every behaviour, is PyYAML's own.

Import ``yaml`` from here (``from tiller.engine._pyyaml import yaml``) in modules that
may be the first to load it; once loaded, ``import yaml`` anywhere is the same module.
"""

from __future__ import annotations

import re
import threading
from typing import Any

NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""The source of ``yaml.reader.Reader.NON_PRINTABLE`` (PyYAML 5 and 6)."""


class LazyPattern:
    """A ``re.Pattern`` stand-in that compiles its pattern on first use."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def _pattern(self) -> re.Pattern[str]:
        with self._lock:
            if self._compiled is None:
                self._compiled = re.compile(*self._source)
            return self._compiled

    def __getattr__(self, name: str) -> Any:
        # Attributes this class lacks: search, match, pattern, ... of the real pattern.
        return getattr(self._pattern(), name)

    def __repr__(self) -> str:
        return repr(self._pattern())


def _compile_deferring_reader_pattern(pattern: Any, flags: Any = 0) -> Any:
    if pattern == NON_PRINTABLE and not flags:
        return LazyPattern(pattern)
    return _real_compile(pattern, flags)


# Only for the duration of the import (a no-op when yaml is loaded already). Another
# thread compiling meanwhile gets a real pattern for anything else, and an equivalent
# stand-in for this one.
_real_compile = re.compile
setattr(re, "compile", _compile_deferring_reader_pattern)  # noqa: B010 - not a constant
try:
    import yaml
finally:
    setattr(re, "compile", _real_compile)  # noqa: B010

__all__ = ["NON_PRINTABLE", "LazyPattern", "yaml"]
