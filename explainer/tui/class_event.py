"""What the class hub says to a session, as a message in the app's queue (handled between repaints)."""

from __future__ import annotations

from textual.message import Message

from explainer.classroom.protocol import Message as Payload


class ClassEvent(Message):
    """One message from the class hub; `payload["t"]` says which."""

    def __init__(self, payload: Payload) -> None:
        super().__init__()
        self.payload = payload
