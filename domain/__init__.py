"""Jalon's domain: aggregates, their events, the application services and domain errors.

Nothing here imports a web framework, SQL or a database driver.
"""
