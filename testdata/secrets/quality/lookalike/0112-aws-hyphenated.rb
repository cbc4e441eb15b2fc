require "aws"

Aws.configure do |config|
  config.aws_access_key_id = "AKIA-IZYD-OWUM"
  config.endpoint = "https://api.aws.io"
  config.timeout = 10
end
