"""Review workflow and right of reply: ``truceline review …`` and ``truceline reply``."""

from __future__ import annotations

import click

from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.cli._output import output_options, render
from truceline.cli.workspace import workspace_option
from truceline.reporting import SUMMARY_COLUMNS, finding_row
from truceline.storage import add_reply, finding_events, open_store, set_status

_ACTOR = click.option("--actor", envvar="TRUCELINE_ACTOR", default="analyst", show_default=True,
                      help="Who decides (recorded in the audit log). Env: TRUCELINE_ACTOR.")
_REASON = click.option("--reason", required=True, help="Why (recorded with the decision).")


@cli.group()
def review() -> None:
    """Move findings draft → under_review → published or dismissed, with reasons."""


@review.command("queue")
@click.option("--status", default="draft", show_default=True,
              type=click.Choice(["draft", "under_review", "published", "dismissed"]))
@click.option("--agreement", "agreement_id", help="Only this agreement.")
@output_options
@workspace_option
@handle_errors
def queue(status: str, agreement_id: str | None, fmt: str, workspace: str) -> None:
    """List findings waiting in a review state (not_applicable rulings are never queued)."""
    with open_store(workspace) as store:
        found = [f for f in store.findings(agreement_id=agreement_id) if f.status == status]
    render([finding_row(f) for f in found], fmt, columns=SUMMARY_COLUMNS,
           title=f"{len(found)} findings {status}")


def _decide(to_status: str):  # type: ignore[no-untyped-def]
    @click.argument("finding_id")
    @_REASON
    @_ACTOR
    @workspace_option
    @handle_errors
    def command(finding_id: str, reason: str, actor: str, workspace: str) -> None:
        with open_store(workspace) as store:
            fid = store.finding(finding_id).id
            event = set_status(store, fid, to_status=to_status, actor=actor, reason=reason)
        click.echo(f"{fid}: {event.from_status} → {event.to_status} ({actor}: {reason})")

    return command


for _name, _status, _help in (
    ("start", "under_review", "Put a draft finding under review."),
    ("publish", "published", "Publish a finding under review."),
    ("dismiss", "dismissed", "Dismiss a finding (not an incident, not a violation…)."),
    ("reopen", "under_review", "Re-open a published or dismissed finding."),
    ("return", "draft", "Send a finding under review back to draft."),
):
    review.command(_name, help=_help)(_decide(_status))


@review.command("history")
@click.argument("finding_id")
@output_options
@workspace_option
@handle_errors
def history(finding_id: str, fmt: str, workspace: str) -> None:
    """Every decision and party reply on a finding, oldest first."""
    with open_store(workspace) as store:
        events = finding_events(store, store.finding(finding_id).id)
    render([e.to_dict() for e in events], fmt,
           columns=("at", "kind", "actor", "party", "from_status", "to_status", "text"))


@cli.command()
@click.argument("finding_id")
@click.option("--party", required=True, help="The party code the reply speaks for.")
@click.option("--text", required=True, help="The reply.")
@_ACTOR
@workspace_option
@handle_errors
def reply(finding_id: str, party: str, text: str, actor: str, workspace: str) -> None:
    """Record a party's reply to a finding (right of reply)."""
    with open_store(workspace) as store:
        fid = store.finding(finding_id).id
        add_reply(store, fid, actor=actor, party=party, text=text)
    click.echo(f"reply recorded on {fid} for {party}")
