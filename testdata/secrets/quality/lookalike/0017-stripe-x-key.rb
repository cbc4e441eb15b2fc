require "stripe"

Stripe.configure do |config|
  config.stripe_secret_key = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"
  config.endpoint = "https://api.stripe.io"
  config.timeout = 10
end
