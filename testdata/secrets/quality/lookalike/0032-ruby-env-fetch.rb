require "stripe"

Stripe.api_key = ENV.fetch("STRIPE_API_KEY")
Stripe.max_network_retries = 2
