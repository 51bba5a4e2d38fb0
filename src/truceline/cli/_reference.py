"""Generate ``docs/cli-reference.md`` from the commands' own help (kept current by a test)."""

from __future__ import annotations

import click

from truceline.cli import cli


def _walk(cmd: click.Command, path: list[str]):  # type: ignore[no-untyped-def]
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            yield from _walk(cmd.commands[name], [*path, name])


def cli_reference() -> str:
    """The CLI reference in Markdown: every command's usage and full help text."""
    out = ["# CLI reference", "",
           "Generated from `truceline --help`; `tests/contract/test_docs.py` fails when it is "
           "stale (regenerate with `UPDATE_DOCS=1 pytest tests/contract/test_docs.py`).", ""]
    for path, cmd in _walk(cli, ["truceline"]):
        # The group's context settings, given explicitly: a Context made by hand does not
        # inherit them, and click caches each command's help option on first use.
        ctx = click.Context(cmd, info_name=" ".join(path), terminal_width=100,
                            max_content_width=100,
                            help_option_names=cli.context_settings["help_option_names"])
        out += [f"## `{' '.join(path)}`", "", "```", cmd.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(out)
