"""Go 1.14 ``text/template``, reimplemented in pure Python (work in progress)."""
