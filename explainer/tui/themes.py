"""Our own theme: high contrast, for low vision and washed-out classroom projectors."""

from __future__ import annotations

from textual.theme import Theme

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
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#ffff00",
        "link-color": "#00ffff",
        "link-style": "underline bold",
        "border": "#ffffff",
    },
)

THEMES = (HIGH_CONTRAST,)
