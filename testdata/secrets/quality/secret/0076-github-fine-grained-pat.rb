require "github"

Github.configure do |config|
  config.gh_token = "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"
  config.endpoint = "https://api.github.com"
  config.timeout = 10
end
