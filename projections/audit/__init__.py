"""The audit views: the hash chain over the event log, the audit trail."""
