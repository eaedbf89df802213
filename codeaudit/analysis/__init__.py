"""Cheap analyses that rules share (no libcst metadata providers)."""
