"""Agency plugin (being written)."""
