# Snippet from the Sentry docs; replace the DSN with your project's.
import sentry_sdk

sentry_sdk.init(dsn="https://examplePublicKey@o0.ingest.sentry.io/0")
