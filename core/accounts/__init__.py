"""Accounts of the archive service: users, roles, API tokens."""
