require "buildkite"

Buildkite.configure do |config|
  config.buildkite_api_token = "bkua_81351f87a01c84bca53badb4d4b08d52972b9f3f"
  config.endpoint = "https://api.buildkite.com/v2"
  config.timeout = 10
end
