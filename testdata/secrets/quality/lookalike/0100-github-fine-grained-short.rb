require "gh"

Gh.configure do |config|
  config.gh_token = "github_pat_118QIOSDOS"
  config.endpoint = "https://api.gh.io"
  config.timeout = 10
end
