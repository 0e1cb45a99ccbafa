"""State machines of the life cycles (built with `transitions`): they validate, events record."""
