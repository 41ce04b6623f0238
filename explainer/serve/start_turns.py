"""Sessions start a few at a time, so that a class connecting at once does not stall those already in.

Fifty students pressing Enter together make fifty session processes that each need a twentieth of a
CPU-second to reach their first screen. Run all at once, the scheduler shares the cores between them
equally: everyone's first screen comes near the end, and a student already in waits behind all fifty
for the echo of a key. So the fork server forks every session at once (the server gets its pid), but
each waits for its turn before it builds its app, and only as many start at a time as there are CPUs;
the others queue in arrival order. A turn is held until the session's first screen is up (the session
closes its end of the turn's socket), until it ends (the kernel closes it), or at most `TURN_SECONDS`.
If the fork server goes away, a session waiting for its turn starts at once.
"""

from __future__ import annotations

import collections
import contextlib
import os
import socket
import time

TURN_SECONDS = 5.0  # a session that takes longer than this to start gives up its turn all the same


class StartTurns:
    """The fork server's side: one socket per session that has not yet finished starting."""

    def __init__(self, at_once: int | None = None, clock=time.monotonic) -> None:
        self.at_once = at_once or 4 * (os.cpu_count() or 1)
        self.clock = clock
        self._waiting: collections.deque[socket.socket] = collections.deque()
        self._starting: dict[socket.socket, float] = {}  # the socket, and when its turn ends regardless

    def new_session(self) -> int:
        """A turn socket for a session about to be forked: the descriptor its process keeps (the fork server
        closes its own copy after the fork with `forked`)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._waiting.append(ours)
        return theirs.detach()

    def forked(self, theirs: int) -> None:
        os.close(theirs)
        self._give_turns()

    def sockets(self) -> list[socket.socket]:
        """What to watch: a session's socket becomes readable (at EOF) when its start is over."""
        return [*self._waiting, *self._starting]

    def timeout(self) -> float | None:
        """Seconds until the next turn runs out, for the fork server's select."""
        if not self._starting:
            return None
        return max(0.0, min(self._starting.values()) - self.clock())

    def readable(self, ready: list[socket.socket | int]) -> None:
        """Sessions whose start is over (or which ended while waiting) leave; turns pass on."""
        for sock in ready:
            if isinstance(sock, socket.socket) and (sock in self._starting or sock in self._waiting):
                with contextlib.suppress(OSError):
                    if sock.recv(1):
                        continue  # nothing is ever sent this way; only EOF counts
                self._drop(sock)
        self._give_turns()

    def expire(self) -> None:
        now = self.clock()
        for sock, until in list(self._starting.items()):
            if until <= now:
                self._drop(sock)
        self._give_turns()

    def _give_turns(self) -> None:
        while self._waiting and len(self._starting) < self.at_once:
            sock = self._waiting.popleft()
            try:
                sock.send(b"go")
            except OSError:
                sock.close()  # it ended while it waited
                continue
            self._starting[sock] = self.clock() + TURN_SECONDS

    def _drop(self, sock: socket.socket) -> None:
        self._starting.pop(sock, None)
        with contextlib.suppress(ValueError):
            self._waiting.remove(sock)
        sock.close()


def wait_for_turn(fd: int) -> socket.socket:
    """In the session: block until it is this session's turn to start (or the fork server has gone).
    Close what it returns once the first screen is up, to pass the turn on."""
    turn = socket.socket(fileno=fd)
    with contextlib.suppress(OSError):
        turn.recv(2)
    return turn
