require "newrelic"

Newrelic.configure do |config|
  config.new_relic_api_key = "NRAK-Q2VDE7BMX4BUA310J8720YTIV7S"
  config.endpoint = "https://api.newrelic.com/graphql"
  config.timeout = 10
end
