"""A realistic, deterministic demo group: establishments, people, ~130 projects and three
years of history, loaded through the application services."""
