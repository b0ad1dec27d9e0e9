"""What the process writes is its owner's alone: the database with its WAL files, backups,
exports and the folders made for them are created 0600 / 0700, whatever the shell's umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.conftest import SEED_ARTICLE
from tests.integration.test_cli import run_cli


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_backup_and_export_are_created_for_the_owner_only(tmp_path: Path) -> None:
    before = os.umask(0o022)  # the usual shell default: files 0644, readable by everyone
    try:
        database = tmp_path / "data" / "record.sqlite3"  # its folder is created too
        env = {"DATABASE_PATH": str(database)}
        assert run_cli("ingest", str(SEED_ARTICLE), env=env).returncode == 0
        backup = tmp_path / "backups" / "record-copy.sqlite3"
        assert run_cli("backup", str(backup), env=env).returncode == 0
        export = tmp_path / "export.csv"
        assert run_cli("export", "--output", str(export), env=env).returncode == 0
    finally:
        os.umask(before)
    written = [database, backup, export]
    written += [p for p in database.parent.iterdir() if p.name.startswith(database.name + "-")]
    for path in written:
        assert mode(path) == 0o600, f"{path.name}: {oct(mode(path))}"
    for folder in (database.parent, backup.parent):
        assert mode(folder) == 0o700, f"{folder.name}: {oct(mode(folder))}"
