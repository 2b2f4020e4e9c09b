"""Text large enough to read out, or to read from across the hall.

A 3x5 pixel font drawn with half blocks, so one glyph takes 3 columns and 3
lines at scale 1; the board scales it up. Text may hold several lines ("\n"),
each centred, with one blank terminal line between them.
"""

from __future__ import annotations

import unicodedata

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


def _glyph(char: str) -> list[str]:
    """The glyph for a character; accents dropped (é -> E), unknown characters blank."""
    if char in FONT:
        return FONT[char]
    base = unicodedata.normalize("NFKD", char)[:1]
    return FONT.get(base, FONT[" "])


def pixels(text: str, scale: int = 1) -> list[str]:
    """One line of text as rows of pixels ('#' on), each pixel ``scale`` wide and tall."""
    glyphs = [_glyph(char) for char in text.upper()]
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
    parts = [half_block_lines(pixels(line, scale)) for line in text.split("\n")]
    if len(parts) == 1:
        return parts[0]
    width = size_of(text, scale)[0]
    lines: list[str] = []
    for index, part in enumerate(parts):
        if index:
            lines.append(" " * width)
        for line in part:
            left = (width - len(line)) // 2
            lines.append(" " * left + line + " " * (width - len(line) - left))
    return lines


def size_of(text: str, scale: int = 1) -> tuple[int, int]:
    """(columns, lines) the text takes at this scale."""
    if not text:
        return (0, 0)
    parts = text.split("\n")
    columns = max((len(part) * (GLYPH_COLUMNS + 1) - 1) * scale for part in parts)
    return columns, len(parts) * ((GLYPH_ROWS * scale + 1) // 2) + len(parts) - 1


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


def best_layout(texts: list[str], columns: int, lines: int) -> tuple[str, int]:
    """Of several ways to write the same thing, the one that fits largest (first on ties)."""

    def rank(layout: tuple[str, int]) -> tuple[bool, int]:
        text, scale = layout
        width, height = size_of(text, scale)
        return (width <= columns and height <= lines, scale)

    # max() keeps the first of equals
    return max(((text, fit_scale(text, columns, lines)) for text in texts), key=rank)


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
        # Other ways to write ``text`` (auto_scale only): e.g. one line on a wide, low screen.
        self.alternatives: tuple[str, ...] = ()
        self.set_class(auto_scale, "-auto")
        self.set_reactive(BigText.text, text)
        self.set_reactive(BigText.scale, scale)

    def render(self) -> _BigRenderable:
        if self.auto_scale:
            width, height = self.content_size
            if not self.text:
                return _BigRenderable("", 1, self.rich_style, width, height)
            text, scale = best_layout([self.text, *self.alternatives], width, height)
            return _BigRenderable(text, scale, self.rich_style, width, height)
        return _BigRenderable(self.text, self.scale, self.rich_style)

    def get_content_width(self, container, viewport) -> int:
        return size_of(self.text, self.scale)[0]

    def get_content_height(self, container, viewport, width: int) -> int:
        return size_of(self.text, self.scale)[1]
