"""Configures the eventsourcing library from Settings: SQLite file or PostgreSQL schema,
optional encryption of stored events."""

from __future__ import annotations

from eventsourcing.persistence import PersistenceError

from domain.store import EventStore
from infrastructure.errors import ConfigurationError
from infrastructure.location import Location, PostgresLocation, SQLiteLocation
from infrastructure.settings import Settings


def event_store_environment(location: Location, settings: Settings) -> dict[str, str]:
    env = {"AGGREGATE_CACHE_MAXSIZE": "2000"}
    if isinstance(location, SQLiteLocation):
        env |= {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(location.path),
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    else:
        env |= _postgres_environment(location, settings)
    if settings.cipher_key is not None:
        env |= {
            "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
            "CIPHER_KEY": settings.cipher_key.get_secret_value(),
        }
    return env


def _postgres_environment(location: PostgresLocation, settings: Settings) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": location.dbname,
        "POSTGRES_HOST": location.host,
        "POSTGRES_PORT": str(location.port),
        "POSTGRES_USER": location.user,
        "POSTGRES_PASSWORD": location.password,
        "POSTGRES_SCHEMA": location.schema,
        # the library's wait for a pooled connection (whole seconds), per attempt: it retries
        # 10 times, 0.2 s apart
        "POSTGRES_CONNECT_TIMEOUT": str(max(1, round(settings.database_wait / 2))),
        "POSTGRES_POOL_SIZE": str(settings.pool_size),
        "POSTGRES_MAX_OVERFLOW": str(settings.pool_size),
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_PRE_PING": "y",
    }


def open_event_store(location: Location, settings: Settings) -> EventStore:
    try:
        return EventStore(env=event_store_environment(location, settings))
    except (PersistenceError, OSError, ValueError) as error:
        raise ConfigurationError(
            f"cannot open the event store in {location.describe()}: {error}"
        ) from None


def events_table(store: EventStore) -> str:
    """The table the library keeps events in (its name differs between backends)."""
    return str(store.recorder.events_table_name)  # type: ignore[attr-defined]
