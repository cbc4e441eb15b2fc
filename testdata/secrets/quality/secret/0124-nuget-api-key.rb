require "nuget"

Nuget.configure do |config|
  config.nuget_api_key = "oy26x895n1l0qqbfnzj98d0t9scexobw0h09woj2i6exri"
  config.endpoint = "https://api.nuget.org/v3/index.json"
  config.timeout = 10
end
