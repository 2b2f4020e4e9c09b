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
    def __init__(self, text: str, scale: int, style: Style, width: int | None = None, height: int | None = None) -> None:
        self.text, self.scale, self.style = text, scale, style
        self.width, self.height = width, height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = render_lines(self.text, self.scale)
        columns = len(lines[0]) if lines else 0
        left = max(0, (self.width - columns) // 2) if self.width else 0
        top = max(0, (self.height - len(lines)) // 2) if self.height else 0
        for _ in range(top):
            yield Segment.line()
        for line in lines:
            yield Segment(" " * left + line, self.style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = size_of(self.text, self.scale)[0]
        return Measurement(width, width)


def fit_scale(text: str, columns: int, lines: int, largest: int = 12) -> int:
    """The largest scale at which the text fits the space (at least 1).

    Above 1 only even scales: a pixel is then whole cells, so edges stay crisp.
    """
    best = 1
    for scale in range(2, largest + 1, 2):
        width, height = size_of(text, scale)
        if width <= columns and height <= lines:
            best = scale
    return best


class BigText(Widget):
    """Large text at a fixed scale, or (``auto_scale``) as large as its space allows, centred."""

    DEFAULT_CSS = """
    BigText {
        width: auto;
        height: auto;
    }
    BigText.-auto {
        width: 1fr;
        height: 1fr;
    }
    """

    text: reactive[str] = reactive("", layout=True)
    scale: reactive[int] = reactive(1, layout=True)

    def __init__(self, text: str = "", *, scale: int = 1, auto_scale: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.auto_scale = auto_scale
        self.set_class(auto_scale, "-auto")
        self.set_reactive(BigText.text, text)
        self.set_reactive(BigText.scale, scale)

    def render(self) -> _BigRenderable:
        if self.auto_scale:
            width, height = self.content_size
            scale = fit_scale(self.text, width, height) if self.text else 1
            return _BigRenderable(self.text, scale, self.rich_style, width, height)
        return _BigRenderable(self.text, self.scale, self.rich_style)

    def get_content_width(self, container, viewport) -> int:
        return size_of(self.text, self.scale)[0]

    def get_content_height(self, container, viewport, width: int) -> int:
        return size_of(self.text, self.scale)[1]
