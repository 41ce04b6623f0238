"""The server's host key: made once on first start, kept with mode 0600, reused after.

Students check its fingerprint against the one the teacher reads out, so it
must never change silently.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import asyncssh

HOST_KEY_NAME = "ssh_host_ed25519_key"


class HostKeyError(Exception):
    """The host key cannot be read or written; the message is one line for the teacher."""


def default_host_key_path(data_dir: Path) -> Path:
    return Path(data_dir) / HOST_KEY_NAME


def load_or_create_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The key at `path`, made there first if there is none; and whether it was just made."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        return _read(path), False
    key = asyncssh.generate_private_key("ssh-ed25519", comment="explainer host key")
    _write_private(path, key.export_private_key())
    with contextlib.suppress(OSError):  # the public half is a convenience; the fingerprint is printed anyway
        path.with_name(path.name + ".pub").write_bytes(key.export_public_key())
    return key, True


def fingerprint(key: asyncssh.SSHKey) -> str:
    """What `ssh` prints for this key: `ED25519 key fingerprint is SHA256:...`."""
    return key.get_fingerprint("sha256")


def loose_permissions(path: Path) -> bool:
    """True if anyone but the owner can read or write the key file."""
    try:
        return bool(Path(path).stat().st_mode & 0o077)
    except OSError:
        return False


def _read(path: Path) -> asyncssh.SSHKey:
    try:
        return asyncssh.read_private_key(path)
    except PermissionError:
        raise HostKeyError(f"cannot read host key {path}: permission denied") from None
    except IsADirectoryError:
        raise HostKeyError(f"host key {path} is a directory, not a key file") from None
    except OSError as error:
        raise HostKeyError(f"cannot read host key {path}: {error.strerror or error}") from None
    except (asyncssh.KeyImportError, ValueError) as error:
        raise HostKeyError(
            f"host key {path} is not a usable private key ({error}); move it away to make a new one"
        ) from None


def _write_private(path: Path, data: bytes) -> None:
    """Write the key so that it is never, even for a moment, readable by others or half-written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise HostKeyError(f"cannot write host key {path}: {error.strerror or error}") from None
