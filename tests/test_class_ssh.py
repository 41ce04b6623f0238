"""The class view over SSH: a teacher's key gets it, live; a student key or any other key gets the explainer.

A real server, real `ssh` clients in tmux panes: what the teacher sees is read
off the teacher's screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from class_harness import KEYGEN, TMUX, keys_file, make_key
from conftest import CONTENT
from serve_harness import SSH

from explainer.pack.load import load_pack

SECTIONS = len(load_pack(CONTENT).sections)
pytestmark = pytest.mark.skipif(
    SSH is None or TMUX is None or KEYGEN is None, reason="needs the OpenSSH client, ssh-keygen and tmux"
)

CLASS_VIEW = "Class view"
STUDENT_APP = "Walkthrough"  # on the student's Home menu, never in the class view


def student_row(screen: str, name: str) -> str:
    return next((line for line in screen.splitlines() if line.strip().startswith(name + " ")), "")


@pytest.mark.parametrize("warm", [0, 1], ids=["forked", "given a standby"])
def test_the_teacher_sees_a_student_arrive_and_move_on(warm: int, served, screens, tmp_path: Path) -> None:
    teacher_key = make_key(tmp_path, "ms-teacher")
    server = served("--teachers", str(keys_file(tmp_path, "teachers", teacher_key)), "--warm", str(warm))
    standbys = server.wait_for_standbys(warm)
    teacher = screens(server, tmp_path, "teach", teacher_key, size=(120, 30))
    teacher.wait_for("No students connected yet.")
    server.wait_for_log(r"connect +127\.0\.0\.1 user=teach key=SHA256:\S+ name=ms-teacher role=teacher")
    assert server.session_pid("teach") not in standbys  # a teacher's session is never a standby

    student = screens(server, tmp_path, "ada", term="xterm-256color")  # the terminal standbys are built for
    student.wait_for(STUDENT_APP)
    assert (server.session_pid("ada") in standbys) == bool(warm)
    teacher.wait_for(lambda s: " home " in student_row(s, "ada"))

    student.press("Enter")  # Home's first way in: the first section
    student.wait_for(f"1/{SECTIONS}")
    teacher.wait_for(lambda s: " 1. " in student_row(s, "ada"))
    student.press("End")  # read to its end: a section counts as read then (or after a stay: tui/reading_places.py)
    teacher.wait_for(lambda s: f"1/{SECTIONS}" in student_row(s, "ada"))
    student.press("n")
    student.wait_for(f"2/{SECTIONS}")
    student.press("End")
    # now in section 2, and two sections read
    teacher.wait_for(lambda s: " 2. Why" in student_row(s, "ada") and f"2/{SECTIONS}" in student_row(s, "ada"))

    student.press("q")
    teacher.wait_for("No students connected yet.")


def test_a_student_key_and_an_unlisted_key_get_the_explainer(served, screens, tmp_path: Path) -> None:
    teacher_key, student_key, stranger_key = (make_key(tmp_path, n) for n in ("teacher", "ada", "stranger"))
    teachers = keys_file(tmp_path, "teachers", teacher_key)

    open_class = served("--teachers", str(teachers))  # --auth none: any key, or none, is a student
    stranger = screens(open_class, tmp_path, "stranger", stranger_key)
    assert CLASS_VIEW not in stranger.wait_for(STUDENT_APP)
    named = screens(open_class, tmp_path, "teacher")  # a user name is no key: a student
    assert CLASS_VIEW not in named.wait_for(STUDENT_APP)

    students = keys_file(tmp_path, "students", student_key)
    keyed = served("--auth", "keys", "--authorized-keys", str(students), "--teachers", str(teachers))
    student = screens(keyed, tmp_path, "ada", student_key)
    assert CLASS_VIEW not in student.wait_for(STUDENT_APP)
    teacher = screens(keyed, tmp_path, "teach", teacher_key, size=(120, 30))
    screen = teacher.wait_for(lambda s: student_row(s, "ada"))
    assert STUDENT_APP not in screen and CLASS_VIEW in screen
