# config/initializers/sentry.rb
Rails.application.config.sentry = {
  user_token: "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",
  open_timeout: 5
}
