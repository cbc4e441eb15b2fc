require "langsmith"

Langsmith.configure do |config|
  config.langchain_api_key = "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"
  config.endpoint = "https://api.smith.langchain.com"
  config.timeout = 10
end
