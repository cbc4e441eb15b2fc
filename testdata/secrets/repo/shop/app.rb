ShopifyAPI::Context.setup(access_token: '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',
  api_secret_key: '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')
