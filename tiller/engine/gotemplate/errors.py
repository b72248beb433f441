"""Template errors; ``str()`` of each is Go's exact error text."""

from __future__ import annotations


class TemplateError(Exception):
    """Base class of template parse and execution errors."""


class ParseError(TemplateError):
    """A parse error: ``template: NAME:LINE: MESSAGE``."""


class ExecError(TemplateError):
    """An execution error: ``template: NAME:LINE:COL: executing "T" at <NODE>: MSG``."""
