"""``truceline user add|token|revoke|list|confidential``: people, tokens, confidential sources."""

from __future__ import annotations

import click

from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.cli._output import output_options, render
from truceline.cli.workspace import workspace_option
from truceline.storage import _people as people
from truceline.storage import open_store


@cli.group()
def user() -> None:
    """Users, their roles and API tokens."""


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(people.ROLES), help="The user's role.")
@click.option("--party", default=None, help="Party code a liaison speaks for (liaison only).")
@workspace_option
@handle_errors
def add(name: str, role: str, party: str | None, workspace: str) -> None:
    """Add a user with a role (a liaison with the party they speak for)."""
    with open_store(workspace) as store:
        u = people.add_user(store, name, role=role, party=party, actor="cli")
    click.echo(f"Added {u.name} ({u.role}{', ' + u.party if u.party else ''}). "
               f"Give them a token with `truceline user token {u.name}`.")


@user.command("token")
@click.argument("name")
@workspace_option
@handle_errors
def token(name: str, workspace: str) -> None:
    """Issue a new token for NAME and print it once (only its hash is kept)."""
    with open_store(workspace) as store:
        click.echo(people.issue_token(store, name, actor="cli"))


@user.command("revoke")
@click.argument("name")
@click.option("--token-id", default=None,
              help="Revoke only this token (the 12 hex digits after `tl_`); default: all.")
@workspace_option
@handle_errors
def revoke(name: str, token_id: str | None, workspace: str) -> None:
    """Revoke a user's tokens (all of them, or one)."""
    with open_store(workspace) as store:
        n = people.revoke_tokens(store, name, token_id=token_id, actor="cli")
    click.echo(f"Revoked {n} token{'s' if n != 1 else ''} of {name}.")


@user.command("list")
@output_options
@workspace_option
@handle_errors
def list_users(fmt: str, workspace: str) -> None:
    """List users and their roles."""
    with open_store(workspace) as store:
        rows = [u.to_dict() for u in people.users(store)]
    render(rows, fmt, columns=("name", "role", "party", "created_at", "disabled_at"),
           title="users")


@user.command("confidential")
@click.argument("source_id")
@click.option("--off", is_flag=True, help="Make the source's identity public again.")
@workspace_option
@handle_errors
def confidential(source_id: str, off: bool, workspace: str) -> None:
    """Mark a source's identity confidential: redacted for everyone but admins and analysts."""
    with open_store(workspace) as store:
        people.set_confidential(store, source_id, not off, actor="cli")
    click.echo(f"Source {source_id} is {'public' if off else 'confidential'}.")
