"""GitHub integration: the pull-request review bot (``codeaudit github-review``).

It consumes what ``codeaudit review`` writes (JSON ranking + SARIF of the new
findings) and talks to the GitHub REST API through PyGithub, honouring
``GITHUB_API_URL`` for GitHub Enterprise Server.
"""
