"""Read models rebuilt from history alone; queries read these, never the aggregates."""
