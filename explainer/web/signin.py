"""Who may enter `explainer web`, and the page where they say who they are.

A browser has no SSH key, so a student signs in on a plain HTML form before the
explainer starts. With `--auth none` they type a name and their progress is
kept under it (a convenience, not a security boundary: the same as
`serve --auth none`). With `--auth password` they also type the class
password from `--passwords FILE`. With `--auth passwords` the file lists each
student's own password (`name: password`, one a line) and progress follows
the listed name: the nearest a browser comes to one key per student.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from html import escape
from pathlib import Path

AUTH_MODES = ("none", "password", "passwords")
MAX_NAME = 40


class PasswordsError(Exception):
    """The passwords file cannot be used; one line for the teacher."""


@dataclass(frozen=True)
class Passwords:
    """The class password (`per_student` false: under the name ""), or one per listed student."""

    by_name: dict[str, str]
    per_student: bool

    @classmethod
    def read(cls, path: Path, per_student: bool) -> Passwords:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise PasswordsError(
                f"cannot read the passwords file {path}: {getattr(error, 'strerror', error)}"
            ) from None
        lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
        lines = [(n, line) for n, line in lines if line and not line.startswith("#")]
        if not per_student:
            if len(lines) != 1:
                raise PasswordsError(f"{path}: the class password should be the file's one line (found {len(lines)})")
            return cls({"": lines[0][1]}, per_student)
        by_name: dict[str, str] = {}
        for number, line in lines:
            name, colon, password = line.partition(":")
            name, password = name.strip(), password.strip()
            if not colon or not name or not password:
                raise PasswordsError(f"{path}: line {number}: expected 'name: password'")
            if name.casefold() in (known.casefold() for known in by_name):
                raise PasswordsError(f"{path}: line {number}: '{name}' is listed twice")
            by_name[name] = password
        if not by_name:
            raise PasswordsError(f"{path}: no 'name: password' lines")
        return cls(by_name, per_student)

    def identity(self, name: str, password: str) -> str | None:
        """Who this is, if the password is right: the listed name (per student) or the name typed."""
        if not self.per_student:
            return name if _same(password, self.by_name[""]) else None
        listed = self.listed(name)
        if listed is not None:
            return listed if _same(password, self.by_name[listed]) else None
        _same(password, password)  # an unknown name takes as long as a wrong password
        return None

    def listed(self, name: str) -> str | None:
        """The listed student `name` names (in any case), if each student has their own password."""
        if self.per_student:
            for listed in self.by_name:
                if listed.casefold() == name.casefold():
                    return listed
        return None

    def __len__(self) -> int:
        return len(self.by_name)


def _same(given: str, wanted: str) -> bool:
    return hmac.compare_digest(given.encode(), wanted.encode())


def clean_name(typed: str) -> str:
    """A typed name as progress is kept under it: printable, single-spaced, bounded."""
    return " ".join("".join(ch for ch in typed if ch.isprintable()).split())[:MAX_NAME]


def sign_in_page(title: str, auth: str, problem: str = "", name: str = "") -> str:
    """The form a student fills in before the explainer starts: labelled fields, one clear message."""
    password = ""
    if auth != "none":
        which = "your password" if auth == "passwords" else "the class password"
        password = f"""
    <label for="password">Password ({which})</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>"""
    alert = f'\n  <p id="problem" role="alert">{escape(problem)}</p>' if problem else ""
    keeps = "Your progress is kept under your name: use the same name next time to go on where you stopped."
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}: sign in</title>
<style>
  body {{ font-family: system-ui, sans-serif; font-size: 1.2rem; max-width: 32rem; margin: 3rem auto; padding: 0 1rem;
         background: #101820; color: #f0f0f0; line-height: 1.5; }}
  label, input, button {{ display: block; font-size: inherit; margin-top: 0.5rem; }}
  input {{ width: 100%; padding: 0.4rem; }}
  button {{ margin-top: 1.2rem; padding: 0.5rem 1.5rem; }}
  #problem {{ color: #ffd479; font-weight: bold; }}
</style>
</head>
<body>
<main>
  <h1>{escape(title)}</h1>{alert}
  <form method="post" action="sign-in">
    <label for="name">Your name</label>
    <input id="name" name="name" autocomplete="username" maxlength="{MAX_NAME}" required autofocus
           value="{escape(name)}">{password}
    <button type="submit">Start the explainer</button>
  </form>
  <p>{keeps}</p>
</main>
</body>
</html>
"""


def notice_page(title: str, message: str) -> str:
    """A page that only says why not (the class is full, say), with a way to try again."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body {{ font-family: system-ui, sans-serif; font-size: 1.2rem; max-width: 32rem; margin: 3rem auto;
  background: #101820; color: #f0f0f0; }} a {{ color: #9cdcfe; }}</style></head>
<body><main><h1>{escape(title)}</h1><p role="alert">{escape(message)}</p><p><a href="./">Try again</a></p></main></body>
</html>
"""
