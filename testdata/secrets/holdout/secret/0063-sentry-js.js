import * as Sentry from "@sentry/node";

Sentry.init({
  dsn: "https://dbf394106f1cb6f2e088013430ceb8b8@o610028.ingest.us.sentry.io/2449316",
  tracesSampleRate: 0.1,
});
