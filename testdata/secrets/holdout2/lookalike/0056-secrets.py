from google.cloud import secretmanager

client = secretmanager.SecretManagerServiceClient()
name = "projects/958765540788/secrets/stripe-key/versions/4"
STRIPE_KEY = client.access_secret_version(name=name).payload.data.decode()
