"""The explainer's themes, and the rule that keeps every theme's text legible.

`explainer-dark` and `explainer-light` are designed for reading: warm paper-like
backgrounds, headings in the foreground's weight rather than a dim hue, and an
accent for glossary terms distinct from the colour of links to other sections.
`high-contrast` is for low vision and washed-out classroom projectors.

Every theme, ours and Textual's, then passes through `legible_variables`: any
text colour that reads at under 4.5:1 (WCAG AA) on the backgrounds it is drawn
on, in truecolor or after a 256-colour terminal rounds it, is moved toward the
theme's foreground until it does.
"""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color, ColorParseError
from textual.theme import Theme

AA = 4.5
DEFAULT_THEME = "explainer-dark"

EXPLAINER_DARK = Theme(
    name="explainer-dark",
    primary="#8ab4f8",
    secondary="#c9a7ff",
    accent="#f2b866",
    warning="#f2b866",
    error="#ff8f87",
    success="#86d69a",
    foreground="#e9e4d8",
    background="#16181d",
    surface="#1c1f26",
    panel="#262a33",
    boost="#2b303a",
    dark=True,
    variables={
        "text-muted": "#b3ad9f",
        "heading": "#f5efe1",
        "term": "#f2b866",
        "section-link": "#8ab4f8",
        "block-cursor-foreground": "#16181d",
        "block-cursor-background": "#8ab4f8",
        "block-cursor-blurred-foreground": "#e9e4d8",
        "block-cursor-blurred-background": "#2f3a52",
        "footer-key-foreground": "#f2b866",
        "footer-background": "#262a33",
        "input-selection-background": "#8ab4f8 35%",
        "border": "#8ab4f8",
        "scrollbar": "#4b5263",
        "scrollbar-hover": "#6b7385",
        "scrollbar-background": "#1c1f26",
    },
)

EXPLAINER_LIGHT = Theme(
    name="explainer-light",
    primary="#1f5fbf",
    secondary="#6b3fb3",
    accent="#9a4a00",
    warning="#8a5300",
    error="#b3261e",
    success="#1e7a34",
    foreground="#1f2328",
    background="#fbf8f1",
    surface="#f3efe4",
    panel="#e6e0d2",
    boost="#ece6d8",
    dark=False,
    variables={
        "text-muted": "#55595f",
        "heading": "#14171b",
        "term": "#9a4a00",
        "section-link": "#1f5fbf",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-background": "#1f5fbf",
        "block-cursor-blurred-foreground": "#1f2328",
        "block-cursor-blurred-background": "#d3dcea",
        "footer-key-foreground": "#9a4a00",
        "footer-background": "#e6e0d2",
        "input-selection-background": "#1f5fbf 30%",
        "border": "#1f5fbf",
        "scrollbar": "#b9b2a2",
        "scrollbar-hover": "#998f7c",
        "scrollbar-background": "#f3efe4",
    },
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff80ff",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#5fff5f",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    boost="#1c1c1c",
    dark=True,
    variables={
        "text-muted": "#e0e0e0",
        "heading": "#ffffff",
        "term": "#ff80ff",
        "section-link": "#00ffff",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#5f5f00",
        "footer-key-foreground": "#ffff00",
        "input-cursor-foreground": "#000000",
        "link-color": "#00ffff",
        "link-style": "underline bold",
        "border": "#ffffff",
        "scrollbar": "#bcbcbc",
    },
)

THEMES = (EXPLAINER_DARK, EXPLAINER_LIGHT, HIGH_CONTRAST)

# The explainer's own variables, for themes that do not set them (Textual's): derived from the theme's own.
READING_DEFAULTS = {"heading": "foreground", "term": "text-accent", "section-link": "text-primary"}

# Text colours, each with the backgrounds it is drawn on.
PAGE = ("background", "surface", "panel")
TEXT_ON = {
    "heading": PAGE,
    "term": PAGE,
    "section-link": PAGE,
    "text-muted": PAGE,
    "foreground-muted": PAGE,  # Textual's Header sub-title
    "text-disabled": PAGE,  # an input's placeholder
    "text-primary": PAGE,
    "text-secondary": PAGE,
    "text-accent": PAGE,
    "text-warning": PAGE,
    "text-error": PAGE,
    "text-success": PAGE,
    "link-color": PAGE,
    "block-cursor-foreground": ("block-cursor-background",),
    "block-cursor-blurred-foreground": ("block-cursor-blurred-background",),
    "footer-key-foreground": ("footer-background",),
    "footer-description-foreground": ("footer-background",),
    "footer-foreground": ("footer-background",),
}


def contrast(one: Color, two: Color) -> float:
    """The WCAG 2 contrast ratio of two opaque colours."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _in_256(color: Color) -> Color:
    """The colour a 256-colour terminal shows instead."""
    triplet = RichColor.from_rgb(color.r, color.g, color.b).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return Color(triplet.red, triplet.green, triplet.blue)


def _worst(color: Color, backgrounds: list[Color]) -> float:
    return min(min(contrast(color, bg), contrast(_in_256(color), _in_256(bg))) for bg in backgrounds)


def _resolve(value: str, under: Color) -> Color | None:
    """A variable's colour as drawn over `under`: 'auto 87%' and '#rrggbb 30%' included; None for ANSI colours."""
    words = value.split()
    alpha = float(words[1].rstrip("%")) / 100 if len(words) == 2 and words[1].endswith("%") else 1.0
    try:
        color = under.get_contrast_text() if words[0] == "auto" else Color.parse(words[0])
    except (ColorParseError, IndexError):
        return None
    if color.ansi is not None:
        return None
    color = color.with_alpha(color.a * alpha)
    return under.blend(color.with_alpha(1), color.a) if color.a < 1 else color


def colour_of(variables: dict[str, str], name: str, under: str = "background") -> Color:
    """A variable's colour as drawn over another variable's (its background, by default)."""
    page = _resolve(variables.get("background", ""), Color(0, 0, 0)) or Color(0, 0, 0)
    ground = _resolve(variables.get(under, ""), page) or page
    return _resolve(variables.get(name, ""), ground) or Color.parse(variables.get(name, "white").split()[0])


def legible_variables(variables: dict[str, str]) -> dict[str, str]:
    """The theme's variables, with every text colour moved toward legibility where it falls under AA."""
    result = dict(variables)
    for name, source in READING_DEFAULTS.items():
        result.setdefault(name, result.get(source, "") or result.get("foreground", ""))
    background = _resolve(result.get("background", ""), Color(0, 0, 0))
    if background is None:
        return result  # an ANSI theme: the terminal's own colours decide
    for name, under in TEXT_ON.items():
        if name not in result:
            continue
        backgrounds = [c for c in (_resolve(result.get(b, ""), background) for b in under) if c is not None]
        color = _resolve(result[name], backgrounds[0] if backgrounds else background)
        if color is None or not backgrounds or _worst(color, backgrounds) >= AA:
            continue
        result[name] = _legible(color, backgrounds).hex
    return result


def _legible(color: Color, backgrounds: list[Color]) -> Color:
    """`color` blended toward whichever of black or white reads better, just far enough to pass AA."""
    target = max((Color(255, 255, 255), Color(0, 0, 0)), key=lambda t: _worst(t, backgrounds))
    for step in range(1, 21):
        candidate = color.blend(target, step / 20)
        if _worst(candidate, backgrounds) >= AA + 0.05:
            return candidate
    return target
