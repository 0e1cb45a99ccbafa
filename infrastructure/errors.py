from __future__ import annotations


class ConfigurationError(Exception):
    """The configuration is unusable (bad URL, unreachable database, wrong key): one line."""
