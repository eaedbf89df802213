"""Shared helpers of the concurrency rules (rules/concurrency/): data tables of
blocking and coroutine APIs, and a cheap per-module index of which functions
are coroutines and which run on threads, executors or child processes."""
