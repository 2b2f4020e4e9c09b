"""Text large enough to read out, or to read from across the hall.

A 3x5 pixel font drawn with half blocks, so one glyph takes 3 columns and 3
lines at scale 1; the board scales it up.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.widget import Widget

_FONT_SOURCE = {
    "0": "###|#.#|#.#|#.#|###", "1": ".#.|##.|.#.|.#.|###", "2": "###|..#|###|#..|###",
    "3": "###|..#|.##|..#|###", "4": "#.#|#.#|###|..#|..#", "5": "###|#..|###|..#|###",
    "6": "###|#..|###|#.#|###", "7": "###|..#|..#|.#.|.#.", "8": "###|#.#|###|#.#|###",
    "9": "###|#.#|###|..#|###", "A": ".#.|#.#|###|#.#|#.#", "B": "##.|#.#|##.|#.#|##.",
    "C": ".##|#..|#..|#..|.##", "D": "##.|#.#|#.#|#.#|##.", "E": "###|#..|##.|#..|###",
    "F": "###|#..|##.|#..|#..", "G": ".##|#..|#.#|#.#|.##", "H": "#.#|#.#|###|#.#|#.#",
    "I": "###|.#.|.#.|.#.|###", "J": "..#|..#|..#|#.#|.#.", "K": "#.#|#.#|##.|#.#|#.#",
    "L": "#..|#..|#..|#..|###", "M": "#.#|###|###|#.#|#.#", "N": "##.|#.#|#.#|#.#|#.#",
    "O": ".#.|#.#|#.#|#.#|.#.", "P": "##.|#.#|##.|#..|#..", "Q": ".#.|#.#|#.#|##.|.##",
    "R": "##.|#.#|##.|#.#|#.#", "S": ".##|#..|.#.|..#|##.", "T": "###|.#.|.#.|.#.|.#.",
    "U": "#.#|#.#|#.#|#.#|###", "V": "#.#|#.#|#.#|#.#|.#.", "W": "#.#|#.#|###|###|#.#",
    "X": "#.#|#.#|.#.|#.#|#.#", "Y": "#.#|#.#|.#.|.#.|.#.", "Z": "###|..#|.#.|#..|###",
    "-": "...|...|###|...|...", ":": "...|.#.|...|.#.|...", ">": "#..|.#.|..#|.#.|#..",
    " ": "...|...|...|...|...", ".": "...|...|...|...|.#.",
}
FONT = {char: [row.replace(".", " ") for row in rows.split("|")] for char, rows in _FONT_SOURCE.items()}
GLYPH_ROWS = 5
GLYPH_COLUMNS = 3


def pixels(text: str, scale: int = 1) -> list[str]:
    """The text as rows of pixels ('#' on), each pixel ``scale`` wide and tall."""
    glyphs = [FONT.get(char, FONT[" "]) for char in text.upper()]
    rows = []
    for row in range(GLYPH_ROWS):
        line = " ".join(glyph[row] for glyph in glyphs)
        line = "".join(ch * scale for ch in line)
        rows.extend([line] * scale)
    return rows


def half_block_lines(rows: list[str]) -> list[str]:
    """Two pixel rows per terminal line, using half blocks."""
    if len(rows) % 2:
        rows = rows + [" " * len(rows[0])]
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2]):
        lines.append(
            "".join(
                "█" if t == "#" and b == "#" else "▀" if t == "#" else "▄" if b == "#" else " "
                for t, b in zip(top, bottom)
            )
        )
    return lines


def render_lines(text: str, scale: int = 1) -> list[str]:
    if not text:
        return []
    return half_block_lines(pixels(text, scale))


def size_of(text: str, scale: int = 1) -> tuple[int, int]:
    """(columns, lines) the text takes at this scale."""
    if not text:
        return (0, 0)
    columns = (len(text) * (GLYPH_COLUMNS + 1) - 1) * scale
    return columns, (GLYPH_ROWS * scale + 1) // 2


class _BigRenderable:
    def __init__(self, text: str, scale: int, style: Style) -> None:
        self.text, self.scale, self.style = text, scale, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in render_lines(self.text, self.scale):
            yield Segment(line, self.style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = size_of(self.text, self.scale)[0]
        return Measurement(width, width)


class BigText(Widget):
    """Large text; with ``auto_scale`` it grows to the biggest size that fits."""

    DEFAULT_CSS = """
    BigText {
        width: auto;
        height: auto;
    }
    """

    text: reactive[str] = reactive("", layout=True)
    scale: reactive[int] = reactive(1, layout=True)

    def __init__(self, text: str = "", *, scale: int = 1, auto_scale: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.auto_scale = auto_scale
        self.set_reactive(BigText.text, text)
        self.set_reactive(BigText.scale, scale)

    def _fit_scale(self) -> int:
        if not self.auto_scale or not self.text or self.parent is None:
            return self.scale
        region = self.parent.content_region if hasattr(self.parent, "content_region") else None
        if region is None or region.width == 0:
            return self.scale
        best = 1
        for scale in range(1, 12):
            columns, lines = size_of(self.text, scale)
            if columns <= region.width and lines <= region.height:
                best = scale
        return best

    def render(self) -> _BigRenderable:
        return _BigRenderable(self.text, self._fit_scale(), self.rich_style)

    def get_content_width(self, container, viewport) -> int:
        return size_of(self.text, self._fit_scale())[0]

    def get_content_height(self, container, viewport, width: int) -> int:
        return size_of(self.text, self._fit_scale())[1]
