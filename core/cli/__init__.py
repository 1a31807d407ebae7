"""The command line: `naskah` and its sub-commands (Typer); `main.app` is the entry point."""
