require "square"

Square.configure do |config|
  config.square_oauth_token = "sq0atp-7C3I_McRqTVkOiPZIRkLQj"
  config.endpoint = "https://connect.squareup.com/v2"
  config.timeout = 10
end
