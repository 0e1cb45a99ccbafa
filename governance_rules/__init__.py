"""Rule sets (versioned data files) and small pure rule classes evaluated with an explicit
`now`. Filled by the life-cycle and escalation work."""
