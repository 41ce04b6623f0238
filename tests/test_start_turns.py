"""Sessions start a few at a time (serve/start_turns.py): the fork server's turns, with real sockets as the
fork server and its sessions hold them."""

from __future__ import annotations

import os
import select
import socket

from explainer.serve.start_turns import TURN_SECONDS, StartTurns, wait_for_turn


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def session(turns: StartTurns) -> socket.socket:
    """What a forked session keeps: its end of the turn's socket."""
    theirs = turns.new_session()
    kept = os.dup(theirs)
    turns.forked(theirs)
    return socket.socket(fileno=kept)


def has_its_turn(sock: socket.socket) -> bool:
    return bool(select.select([sock], [], [], 0)[0])


def settle(turns: StartTurns) -> None:
    """One pass of the fork server's loop."""
    ready, _, _ = select.select(turns.sockets(), [], [], 0.2)
    turns.readable(ready)
    turns.expire()


def test_only_as_many_start_at_once_as_allowed_the_others_in_arrival_order() -> None:
    turns = StartTurns(at_once=2)
    first, second, third, fourth = (session(turns) for _ in range(4))
    assert [has_its_turn(s) for s in (first, second, third, fourth)] == [True, True, False, False]
    first.close()  # its first screen is up
    settle(turns)
    assert has_its_turn(third) and not has_its_turn(fourth)


def test_a_session_that_ends_while_waiting_or_starting_gives_its_place_up() -> None:
    turns = StartTurns(at_once=1)
    starting, gone, next_one = (session(turns) for _ in range(3))
    gone.close()  # the student left before their turn
    settle(turns)
    starting.close()  # the process ended (the kernel closes its descriptors)
    settle(turns)
    assert has_its_turn(next_one)
    assert len(turns.sockets()) == 1  # only the one now starting is watched


def test_a_turn_runs_out_after_its_time_even_if_the_first_screen_never_comes() -> None:
    clock = Clock()
    turns = StartTurns(at_once=1, clock=clock)
    _stuck, waiting = session(turns), session(turns)
    assert turns.timeout() == TURN_SECONDS
    clock.now = TURN_SECONDS
    turns.expire()
    assert has_its_turn(waiting)


def test_a_session_starts_at_once_when_the_fork_server_has_gone() -> None:
    ours, theirs = socket.socketpair()
    ours.close()
    turn = wait_for_turn(theirs.detach())  # returns: EOF is a turn too
    turn.close()
