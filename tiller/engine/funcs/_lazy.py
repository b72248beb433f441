"""Deferred imports for heavy optional-path dependencies."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands in for a module and imports it on first attribute access."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


class LazyAttr:
    """Stands in for ``module.attr``: attribute access and calls go to the real object."""

    def __init__(self, module: LazyModule, attr: str) -> None:
        self._module = module
        self._attr = attr

    def __getattr__(self, name: str) -> Any:
        return getattr(getattr(self._module, self._attr), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._module, self._attr)(*args, **kwargs)
