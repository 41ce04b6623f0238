"""The pack cache the app starts from: used while the pack is unchanged, never stale, never an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import explainer.pack.cache as cache
from explainer.pack.cache import load_pack_cached
from explainer.pack.load import load_pack
from explainer.pack.problems import PackError


def cached_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("pack-*.pickle"))


def test_the_second_start_reads_the_cache_not_the_toml(
    pack_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_pack_cached(pack_copy, tmp_path / "cache")
    assert len(cached_files(tmp_path / "cache")) == 1
    monkeypatch.setattr("explainer.pack.load.load_pack", lambda directory: pytest.fail("read the TOML again"))
    second = load_pack_cached(pack_copy, tmp_path / "cache")
    assert second == first == load_pack(pack_copy)
    assert second.links.section("why-meet") == first.links.section("why-meet")
    assert [s.id for s in second.links.used_in("new-start")] == ["call-agreement"]


def test_a_changed_file_is_read_again(pack_copy: Path, tmp_path: Path) -> None:
    load_pack_cached(pack_copy, tmp_path / "cache")
    section = pack_copy / "sections" / "01-overview.toml"
    section.write_text(section.read_text().replace('question = "', 'question = "Changed: ', 1))
    assert load_pack_cached(pack_copy, tmp_path / "cache").section("overview").question.startswith("Changed: ")


def test_a_broken_pack_is_an_error_and_is_not_cached(pack_copy: Path, tmp_path: Path) -> None:
    load_pack_cached(pack_copy, tmp_path / "cache")
    (pack_copy / "glossary.toml").write_text("[[term]\n")
    with pytest.raises(PackError, match=r"glossary\.toml"):
        load_pack_cached(pack_copy, tmp_path / "cache")
    assert len(cached_files(tmp_path / "cache")) == 1


def test_a_damaged_cache_file_is_read_around(pack_copy: Path, tmp_path: Path) -> None:
    load_pack_cached(pack_copy, tmp_path / "cache")
    (stored,) = cached_files(tmp_path / "cache")
    stored.write_bytes(b"\x80\x05not a pickle")
    assert load_pack_cached(pack_copy, tmp_path / "cache") == load_pack(pack_copy)


def test_a_cache_that_cannot_be_written_is_no_error(pack_copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    assert load_pack_cached(pack_copy, blocked / "cache") == load_pack(pack_copy)


def test_a_cache_file_that_cannot_be_replaced_leaves_no_half_file(pack_copy: Path, tmp_path: Path) -> None:
    """The pickle is written beside its place first; when it cannot take that place, it is removed again."""
    load_pack_cached(pack_copy, tmp_path / "cache")
    (stored,) = cached_files(tmp_path / "cache")
    stored.unlink()
    stored.mkdir()  # a directory in its place, not empty: os.replace cannot put the new file there
    (stored / "keep").write_text("")
    assert load_pack_cached(pack_copy, tmp_path / "cache") == load_pack(pack_copy)
    assert stored.is_dir()
    assert not list((tmp_path / "cache").glob(".cache-*.tmp"))


def test_a_missing_directory_is_the_loader_s_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no such directory"):
        load_pack_cached(tmp_path / "nowhere", tmp_path / "cache")


def test_old_packs_are_removed(pack_copy: Path, tmp_path: Path) -> None:
    section = pack_copy / "sections" / "01-overview.toml"
    for n in range(cache.KEEP + 3):
        section.write_text(section.read_text() + f"\n# edit {n}\n")
        os.utime(section, ns=(n * 10**9, n * 10**9))
        load_pack_cached(pack_copy, tmp_path / "cache")
    assert len(cached_files(tmp_path / "cache")) == cache.KEEP
