"""All configuration, read once from the environment (JALON_*)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from infrastructure.cipher import validated_key


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JALON_", extra="ignore", frozen=True)

    database_url: str = Field(
        "sqlite:///./jalon.db",
        description="sqlite:///PATH (default ./jalon.db) or postgresql://user@host:port/db[?schema=NAME]",
    )
    timezone: str = Field("Europe/Paris", description="the group's time zone for months and weeks")
    token_valid_days: int = Field(90, ge=1, le=366, description="lifetime of new API tokens")
    read_your_writes_timeout: float = Field(
        5.0, gt=0, le=60, description="seconds a command waits for the views to show its effect"
    )
    projections: Literal["inline", "worker"] = Field(
        "inline",
        description="inline: API processes keep the views up to date; worker: a separate "
        "`jalon projections run` process does",
    )
    cipher_key: SecretStr | None = Field(
        None, description="AES key (base64) encrypting stored events"
    )
    pool_size: int = Field(10, ge=1, le=200, description="database connections per process")
    database_wait: float = Field(
        2.0,
        ge=0.5,
        le=60,
        description="seconds a request waits for a PostgreSQL connection before answering 503",
    )
    max_body_bytes: int = Field(
        262_144, ge=1024, le=64 * 1024 * 1024, description="larger request bodies answer 413"
    )
    login_token_minutes: int = Field(
        480, ge=5, le=7 * 24 * 60, description="lifetime of a token issued by a sign-in"
    )
    login_failures_per_login: int = Field(
        5, ge=1, le=1000, description="failed sign-ins for one login within the window before 429"
    )
    login_failures_per_client: int = Field(
        20, ge=1, le=10_000, description="failed sign-ins from one address within the window"
    )
    login_window_seconds: int = Field(
        900, ge=10, le=86_400, description="the window over which failed sign-ins are counted"
    )
    idempotency_hours: int = Field(
        24, ge=1, le=24 * 30, description="how long an Idempotency-Key is remembered"
    )
    cors_origins: str = Field(
        "", description="comma-separated origins allowed to call the API from a browser (none)"
    )

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    session_hours: int = Field(10, ge=1, le=168, description="lifetime of a web-page session")
    session_secret: SecretStr | None = Field(
        None, description="key signing session cookies (default: one made and kept in the database)"
    )
    weekly_hours_ceiling: Decimal = Field(
        Decimal(48), gt=0, le=168, description="hours per week above which a time sheet warns"
    )
    event_stream_seconds: float = Field(
        300,
        gt=0,
        le=86_400,
        description="an event stream (server-sent events) ends after "
        "this long; clients reconnect with Last-Event-ID",
    )

    timesheet_retention_months: int | None = Field(
        None,
        ge=1,
        le=240,
        description="months after which validated time-sheet detail is erased by "
        "`jalon people retention apply` (none: kept)",
    )

    @field_validator("cipher_key")
    @classmethod
    def _usable_cipher_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            validated_key(value.get_secret_value())  # issue 11: a clear error at start
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
