# frozen_string_literal: true

Stripe.api_key = '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'
Stripe.max_network_retries = 2
Stripe.api_version = '2023-10-16'
