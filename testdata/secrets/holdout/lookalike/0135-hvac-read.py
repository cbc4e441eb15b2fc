import hvac

client = hvac.Client(url="https://vault.globex.net")
secret = client.secrets.kv.v2.read_secret_version(path="app/db")
password = secret["data"]["data"]["password"]
