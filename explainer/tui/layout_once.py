"""A changed screen laid out once, not twice: a fifth of a live quiz's step on fifty screens at once.

In Textual 8.2.8 `Screen._refresh_layout` tells every widget whose size changed its new size with
`Widget._size_updated(..., layout=True)`, which sets the `virtual_size` reactive; that reactive asks for a
layout and a repaint, so the screen is laid out a second time and every resized widget is rendered
again, with the same result: the second layout's inputs (styles, content, the sizes the first one gave)
have not changed, and anything that does change one asks for its own layout (scrollbars shown or hidden,
a Resize handled). The one exception is an anchored widget (`Widget.anchor`), which the compositor pins to
the bottom from the `virtual_size` and `container_size` of the layout before: it keeps Textual's second
layout. A widget that scrolls itself (`ScrollView`: OptionList, Input, DataTable) keeps its own
`_size_updated` and is unchanged.

Reproduced in tests/test_textual_workarounds.py: when Textual lays out once by itself, its test fails.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget

TEXTUAL_SIZE_UPDATED = Widget._size_updated  # Textual's own, for its canary test


def _size_updated(self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
    return TEXTUAL_SIZE_UPDATED(self, size, virtual_size, container_size, layout and self._anchored)


def lay_out_once() -> None:
    """Every widget of this process told its new size without a second layout (idempotent)."""
    Widget._size_updated = _size_updated  # type: ignore[method-assign]  # Textual's private hook, see above
