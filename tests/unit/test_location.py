from pathlib import Path

import pytest

from infrastructure.errors import ConfigurationError
from infrastructure.location import PostgresLocation, SQLiteLocation, parse_database_url
from infrastructure.settings import Settings


def test_default_is_a_sqlite_file_in_the_working_directory() -> None:
    assert parse_database_url(Settings().database_url) == SQLiteLocation(Path("./jalon.db"))


def test_absolute_sqlite_path() -> None:
    assert parse_database_url("sqlite:////var/lib/jalon/j.db") == SQLiteLocation(
        Path("/var/lib/jalon/j.db")
    )


def test_postgres_url_with_schema() -> None:
    location = parse_database_url("postgresql://jalon:s3cret@db.local:5433/pmo?schema=ght")
    assert location == PostgresLocation("db.local", 5433, "jalon", "s3cret", "pmo", "ght")
    assert "s3cret" not in location.describe()


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x/y",
        "sqlite:///",
        "postgresql:///nodb",
        "postgresql://h/db?schema=Bad-Name",
        "postgresql://h/db?sslmode=disable&x=1",
        "postgresql://h:notaport/db",
    ],
)
def test_unusable_urls_are_one_line_errors(url: str) -> None:
    with pytest.raises(ConfigurationError) as error:
        parse_database_url(url)
    assert "\n" not in str(error.value)


def test_unknown_timezone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        Settings(timezone="Mars/Olympus")
