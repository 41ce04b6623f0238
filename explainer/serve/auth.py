"""Who may enter with `--auth keys`: the public keys in an authorized_keys file.

Each listed key is one student; their progress is kept under the key's
fingerprint, so it follows the key, not the user name typed at `ssh`.
OpenSSH options in front of a key (`command=`, `from=`, ...) are ignored: every
listed key gets the explainer and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import asyncssh

KEY_TYPE_PREFIXES = ("ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-sha2-")


class AuthorizedKeysError(Exception):
    """The file cannot be read or has a line that is not a public key; one line for the teacher."""


@dataclass(frozen=True)
class AuthorizedKeys:
    """The keys that may enter, by SHA256 fingerprint, with their comments."""

    comments: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> AuthorizedKeys:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise AuthorizedKeysError(f"cannot read authorized keys {path}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise AuthorizedKeysError(f"authorized keys {path} is not a text file") from None
        comments: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, comment = _parse_line(line, f"{path}:{number}")
            comments[key.get_fingerprint("sha256")] = comment
        if not comments:
            raise AuthorizedKeysError(f"authorized keys {path} lists no keys: nobody could enter")
        return cls(comments)

    def allows(self, key: asyncssh.SSHKey) -> bool:
        return key.get_fingerprint("sha256") in self.comments

    def __len__(self) -> int:
        return len(self.comments)


def _parse_line(line: str, where: str) -> tuple[asyncssh.SSHKey, str]:
    words = line.split()
    for start, word in enumerate(words):
        if word.startswith(KEY_TYPE_PREFIXES) and start + 1 < len(words):
            try:
                key = asyncssh.import_public_key(" ".join(words[start : start + 2]))
            except (asyncssh.KeyImportError, ValueError):
                continue
            return key, " ".join(words[start + 2 :])
    raise AuthorizedKeysError(f"{where}: not a public key (expected e.g. 'ssh-ed25519 AAAA... name')")
