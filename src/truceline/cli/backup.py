"""``truceline backup`` and ``truceline restore``: consistent copies of a store."""

from __future__ import annotations

import click

from truceline.backup import backup as do_backup
from truceline.backup import restore as do_restore
from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.cli.workspace import workspace_option


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False))
@workspace_option
@handle_errors
def backup(out: str, workspace: str) -> None:
    """Back up the workspace to OUT while it stays in use.

    SQLite: a .tar.gz holding an online-backup copy of the database, the evidence files
    and a manifest of SHA-256s. PostgreSQL (-w URL): a pg_dump custom-format file.
    """
    summary = do_backup(workspace, out)
    for line in summary.lines():
        click.echo(f"Backed up {line}")


@cli.command()
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the store already in the workspace.")
@workspace_option
@handle_errors
def restore(archive: str, force: bool, workspace: str) -> None:
    """Restore ARCHIVE (from `truceline backup`) into the workspace, checking every hash."""
    summary = do_restore(archive, workspace, force=force)
    for line in summary.lines():
        click.echo(f"Restored {line}")
