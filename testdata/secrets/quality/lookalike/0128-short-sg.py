# the dashboard only shows a prefix
TOKEN_PREFIX = "SG.shNJ"
assert token.startswith(TOKEN_PREFIX)
