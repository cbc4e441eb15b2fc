def is_github_token(value: str) -> bool:
    """Cheap pre-filter before calling the API."""
    return value.startswith(("ghp_", "gho_", "ghs_"))
