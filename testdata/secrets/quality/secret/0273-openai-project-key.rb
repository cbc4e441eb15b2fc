require "openai"

Openai.configure do |config|
  config.openai_api_key = "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"
  config.endpoint = "https://api.openai.com/v1"
  config.timeout = 10
end
