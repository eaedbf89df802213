"""`codeaudit review`: diff review and risk ranking."""
