import sentry_sdk

sentry_sdk.init(
    dsn="https://c3c1a3e3dba7f42e4dcfe04d40ea4d9f@o990241.ingest.us.sentry.io/2140201",
    traces_sample_rate=0.2,
    environment="production",
)
