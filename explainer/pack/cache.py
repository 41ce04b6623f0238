"""A checked pack kept on disk, so the app starts without reading and checking its TOML again.

Reading, checking and linking the default pack takes about 40 ms, a tenth of
the app's start. The pack is stored (pickled) once it has loaded without a
problem, under a name made from every file it was read from (path, size,
modification time) and from the code that reads it; any change makes a new
name, so a stale pack is never used. `explainer check` never uses this cache (it keeps only its scans of
the texts, which depend on nothing else: pack/scan_cache.py). `store_replacing` and `kept` write and read
any such file, and `fingerprint` names it (a local start keeps its parsed CSS so too: tui/stylesheet.py).
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Iterable
from pathlib import Path

import explainer
from explainer.pack.model import Pack
from explainer.pack.watch import files_signature

KEEP = 8  # cached packs kept per directory; older ones are removed


def load_pack_cached(directory: str | Path, cache_dir: str | Path) -> Pack:
    """The pack in `directory`, from the cache when its files have not changed; PackError as `load_pack`."""
    directory, cache_dir = Path(directory), Path(cache_dir)
    try:
        path = cache_dir / f"pack-{_fingerprint(directory)}.pickle"
    except OSError:
        return _read(directory)  # let the loader say what is wrong with the directory
    pack = kept(path)
    if isinstance(pack, Pack):
        return pack
    pack = _read(directory)
    pack.links  # noqa: B018 - built now, so that it is stored too
    _store(pack, path)
    return pack


def kept(path: Path) -> object | None:
    """What `store_replacing` wrote at `path`; None if it is missing, half-written or from other code."""
    try:
        value: object = pickle.loads(path.read_bytes())
    except Exception:
        return None
    return value


def _read(directory: Path) -> Pack:
    """The pack read from its TOML; the reader is imported only now, so a start from the cache never pays for it."""
    from explainer.pack import load

    return load.load_pack(directory)


def _fingerprint(directory: Path) -> str:
    """A name that changes whenever a file of the pack, or the code that reads packs, changes."""
    here = Path(__file__).parent
    reader = [*sorted(here.glob("*.py")), here.parent / "record.py"]  # record.py: how the model's records pickle
    pack_files = (part for file in files_signature(directory) for part in file)  # every file: none misnamed hidden
    return fingerprint(reader, explainer.__version__, directory.resolve(), *pack_files)


def fingerprint(code: Iterable[str | Path], *made_from: object) -> str:
    """A short name for a kept file that changes whenever the code that made it does (one of the files `code`:
    its size or time, which every install changes) or what it was made from (`made_from`). zlib, not hashlib:
    loading OpenSSL is a hundredth of a launch."""
    parts = [str(part) for part in made_from]
    for file in code:
        stat = os.stat(file)
        parts += (str(file), str(stat.st_size), str(stat.st_mtime_ns))
    text = "\0".join(parts).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def _store(pack: Pack, path: Path) -> None:
    """Keep the pack, and forget old ones."""
    store_replacing(pack, path, "pack-*.pickle", KEEP)


def store_replacing(value: object, path: Path, kind: str, keep: int) -> None:
    """Pickle `value` to `path` in one step (never half a file), keeping the newest `keep` files matching `kind`
    (a glob) beside it; an unwritable cache is no error."""
    import tempfile

    temporary = None
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".cache-", suffix=".tmp", delete=False) as file:
            temporary = Path(file.name)
            file.write(data)
        os.replace(temporary, path)
        temporary = None
        for stale in sorted(path.parent.glob(kind), key=lambda p: p.stat().st_mtime, reverse=True)[keep:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        pass
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
