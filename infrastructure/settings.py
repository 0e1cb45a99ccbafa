"""All configuration, read once from the environment (JALON_*)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    weekly_hours_ceiling: Decimal = Field(
        Decimal(48), gt=0, le=168, description="hours per week above which a time sheet warns"
    )

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
