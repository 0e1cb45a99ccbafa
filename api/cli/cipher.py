"""`jalon cipher ...`: encryption at rest of the stored events (issue 11)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from api.cli.context import load_settings
from api.cli.output import console, fail
from infrastructure.cipher import cipher_for, new_key, rekey
from infrastructure.database import open_database
from infrastructure.errors import ConfigurationError
from infrastructure.eventstore import events_table, open_event_store
from infrastructure.location import parse_database_url

app = typer.Typer(help="Encryption at rest of the stored events.", no_args_is_help=True)

NEW_KEY_VARIABLE = "JALON_NEW_CIPHER_KEY"


@app.command("new-key")
def create_key() -> None:
    """Print a fresh random AES-256 key (base64), for JALON_CIPHER_KEY."""
    print(new_key())


@app.command("rekey")
def change_key(
    to_plain: Annotated[
        bool, typer.Option("--to-plain", help="decrypt: store the events without encryption")
    ] = False,
) -> None:
    """Re-encrypt every stored event from JALON_CIPHER_KEY (none: plain) to
    JALON_NEW_CIPHER_KEY, in one transaction. Stop the API and workers first; restart them
    with JALON_CIPHER_KEY set to the new key."""
    settings = load_settings()
    target = os.environ.get(NEW_KEY_VARIABLE)
    if not to_plain and not target:
        fail(f"set {NEW_KEY_VARIABLE} to the new key (or give --to-plain to decrypt)")
    try:
        new = None if to_plain else cipher_for(target)
    except ValueError as error:
        fail(f"{NEW_KEY_VARIABLE} {error}")
    current = settings.cipher_key.get_secret_value() if settings.cipher_key else None
    location = parse_database_url(settings.database_url)
    store = open_event_store(location, settings)
    database = open_database(location, 1)
    try:
        count = rekey(database, events_table(store), cipher_for(current), new)
    except ConfigurationError as error:
        fail(str(error))
    finally:
        database.close()
        store.close()
    state = "plain" if to_plain else f"encrypted with {NEW_KEY_VARIABLE}"
    console.print(f"{count} stored events are now {state}: restart Jalon with that key")
