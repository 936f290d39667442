"""Sends claimed kits to the kit vendor."""
