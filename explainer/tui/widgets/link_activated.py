"""The one message every link in the app posts: the App decides where it leads."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from explainer.pack.model import Link


@dataclass
class LinkActivated(Message):
    """A student activated a link to a section, term or event."""

    link: Link
