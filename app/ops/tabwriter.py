"""Go's ``text/tabwriter`` as ``helm status`` configures it, for the RESOURCES block.

Helm replaces runs of two or more spaces in Tiller's resource tables by tabs and lets a
tabwriter (min width 0, tab width 0, padding 2, pad ``' '``, ``TabIndent``) realign
them. The semantics reproduced here:

* a line is split into cells at tabs; every cell but the last of its line is
  tab-terminated and belongs to a column, the last one never does;
* a column's width is set per *block*: consecutive lines that all have a cell in that
  column; a line with fewer cells ends the block (so headers such as ``==> v1/Pod``
  separate tables);
* a cell is padded with spaces to its column width plus the padding; widths count
  characters (runes), as Go does;
* with tab width 0 and ``TabIndent``, leading empty cells get no padding at all.
"""

from __future__ import annotations

PADDING = 2


def tabwrite(text: str, padding: int = PADDING) -> str:
    """Align ``text`` as Go's tabwriter with Helm's settings would."""
    lines = [line.split("\t") for line in text.split("\n")]
    out: list[str] = []
    _format(lines, 0, len(lines), [], out, padding)
    return "\n".join(out)


def _format(
    lines: list[list[str]],
    line0: int,
    line1: int,
    widths: list[int],
    out: list[str],
    padding: int,
) -> None:
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        # This line has a cell in ``column``: emit the lines before it, then size the
        # column over the block of lines that all have it.
        _write_lines(lines, line0, this, widths, out)
        line0 = this
        width = 0
        while this < line1 and column < len(lines[this]) - 1:
            width = max(width, len(lines[this][column]) + padding)
            this += 1
        _format(lines, line0, this, [*widths, width], out, padding)
        line0 = this
    _write_lines(lines, line0, line1, widths, out)


def _write_lines(
    lines: list[list[str]], line0: int, line1: int, widths: list[int], out: list[str]
) -> None:
    for cells in lines[line0:line1]:
        parts: list[str] = []
        leading = True  # TabIndent: leading empty cells are "indentation"
        for index, cell in enumerate(cells):
            if cell:
                leading = False
            parts.append(cell)
            is_last = index == len(cells) - 1
            if is_last or index >= len(widths):
                continue
            if not cell and leading:
                continue  # tabs of width 0: no padding is written
            parts.append(" " * (widths[index] - len(cell)))
        out.append("".join(parts))
