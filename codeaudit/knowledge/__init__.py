"""Knowledge that rules consult: data tables (stdlib modules, deprecated and
removed APIs, API snapshots of popular libraries), project manifests, the
installed environment (read statically, never imported) and small libcst
helpers shared by the efficiency / abstraction / ai-tell rules.
"""
