"""The one message every link in the app posts: the App decides where it leads."""

from __future__ import annotations

from textual.message import Message

from explainer.pack.model import Link


class LinkActivated(Message):
    """A student activated a link to a section, term or event."""

    def __init__(self, link: Link) -> None:
        super().__init__()
        self.link = link
