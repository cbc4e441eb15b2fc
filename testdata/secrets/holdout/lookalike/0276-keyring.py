import keyring

token = keyring.get_password("deployctl-cli", username)
if token is None:
    raise SystemExit("run `deployctl login` first")
