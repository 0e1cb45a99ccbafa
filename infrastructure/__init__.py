"""Wiring to the outside world: settings, databases, the event store's configuration and the
composition root. The domain never imports from here."""
