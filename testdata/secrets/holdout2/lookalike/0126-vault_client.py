import hvac

client = hvac.Client(url=VAULT_ADDR)
client.auth.kubernetes.login(role='orders', jwt=open(SA_TOKEN_PATH).read())
creds = client.secrets.kv.v2.read_secret_version(path='orders/db')['data']['data']
