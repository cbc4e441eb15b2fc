Octokit.configure do |c|
  c.access_token = ENV.fetch("GITHUB_TOKEN")
  c.auto_paginate = true
end
