require "slack"

Slack.configure do |config|
  config.slack_workflow_url = "https://hooks.slack.com/triggers/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"
  config.endpoint = "https://slack.com/api"
  config.timeout = 10
end
