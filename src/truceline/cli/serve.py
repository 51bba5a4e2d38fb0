"""``truceline serve``: the REST API and web map over a workspace (uvicorn)."""

from __future__ import annotations

from pathlib import Path

import click

from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.cli.workspace import workspace_option
from truceline.errors import ConfigError


@cli.command()
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--contact-lines", type=click.Path(file_okay=False, exists=True), default=None,
              envvar="TRUCELINE_CONTACT_LINES",
              help="Folder of dated contact-line snapshots (…_YYYYMMDD.geojson) drawn on the "
                   "map. Env: TRUCELINE_CONTACT_LINES.")
@click.option("--tile-url", default=None, envvar="TRUCELINE_TILE_URL",
              help="Optional XYZ tile URL template for the map background. "
                   "Env: TRUCELINE_TILE_URL.")
@handle_errors
def serve(workspace: str, host: str, port: int, contact_lines: str | None,
          tile_url: str | None) -> None:
    """Serve the REST API (/api, /openapi.json) and the web map of a workspace."""
    try:
        import uvicorn

        from truceline.api import Settings, create_app
    except ModuleNotFoundError as exc:
        raise ConfigError(f"serving needs the server extra ({exc.name} is missing); install "
                          "it with `pip install 'truceline[server]'`") from exc
    app = create_app(Settings(workspace=workspace, tile_url=tile_url,
                              contact_lines=Path(contact_lines) if contact_lines else None))
    click.echo(f"Truceline on http://{host}:{port}/ (API docs at /api/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
