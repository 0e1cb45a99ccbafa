"""The `jalon` command line: each command translates its options and delegates."""
