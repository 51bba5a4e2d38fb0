"""Command-line interface: parse → call one core function → render → translate errors.

Each sub-module registers its commands on :data:`cli`; this module only assembles them.
"""

from __future__ import annotations

import importlib

import click

from truceline._version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="truceline")
def cli() -> None:
    """Truceline: ceasefire monitoring and verification.

    Agreements as data, reports in, findings with reasons out.
    """


# Modules that add commands to ``cli``; each is owned by one stage's face.
_COMMAND_MODULES = (
    "truceline.cli.agreement",
    "truceline.cli.workspace",
    "truceline.cli.gazetteer",
    "truceline.cli.text",
    "truceline.cli.review",
    "truceline.cli.report",
    "truceline.cli.serve",
    "truceline.cli.users",
    "truceline.cli.scale",
    "truceline.cli.fusion",
    "truceline.cli.backup",
)

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as _exc:  # a face not built yet
        if _exc.name != _name:
            raise


def main() -> None:
    """Entry point of the ``truceline`` command."""
    cli()
