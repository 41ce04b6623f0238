"""Contrast of what is on screen, computed from the colours of the rendered segments (WCAG 2 formula)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color, ColorSystem
from textual.app import App

AA = 4.5  # WCAG AA for body text


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(color: Color | None, colours: ColorSystem) -> tuple[int, int, int] | None:
    if color is None or color.is_default:
        return None
    if colours is ColorSystem.EIGHT_BIT:
        color = color.downgrade(ColorSystem.EIGHT_BIT)
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


@dataclass(frozen=True)
class Cell:
    """A run of text drawn with too little contrast."""

    text: str
    ratio: float
    row: int

    def __str__(self) -> str:
        return f"row {self.row}: {self.text!r} at {self.ratio:.2f}:1"


def low_contrast(
    app: App, colours: ColorSystem = ColorSystem.TRUECOLOR, minimum: float = AA, within: str = ""
) -> list[Cell]:
    """Every run of letters or digits on the current screen whose colours are under `minimum`.

    Only text counts (scrollbars, rules and borders are drawing, not reading). Dim text is
    taken at half way to its background, as terminals draw it. `within`: a selector on a
    modal screen, whose box is read (the page dimmed behind it is not).
    """
    rows = app.screen.query_one(within).region if within else None
    # Textual 8.2 has no public way to the composed lines of a screen; screenshots go the same way.
    strips = app.screen._compositor.render_strips()
    found = []
    for row, strip in enumerate(strips):
        if rows is not None:
            if not rows.y <= row < rows.bottom:
                continue
            strip = strip.crop(rows.x, rows.right)
        for segment in strip:
            text, style = segment.text, segment.style
            if style is None or not any(ch.isalnum() for ch in text):
                continue
            fg, bg = _rgb(style.color, colours), _rgb(style.bgcolor, colours)
            if fg is None or bg is None:
                continue
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:
                fg = (fg[0] + bg[0]) // 2, (fg[1] + bg[1]) // 2, (fg[2] + bg[2]) // 2
            value = ratio(fg, bg)
            if value < minimum:
                found.append(Cell(text.strip(), round(value, 2), row))
    return found
