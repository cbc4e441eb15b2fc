GITHUB_PREFIXES = (
    "ghp_",
    "gho_",
    "ghs_",
)
