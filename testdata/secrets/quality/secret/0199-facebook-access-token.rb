require "facebook"

Facebook.configure do |config|
  config.facebook_access_token = "EAAJkTL2RWlLfuP5wOKrcxiZDOwHVe1Q1DLNx9Usyx0IywWeVpZnNZ84UG5WmaIySAILfJE3GoGr1pyO86tg4fESpcfS7IspROuVT1ioWfm92j8XM2bVbkPguq6IEQXGBoQKCw0shhsKpGL6voDZZSIcaE9lvKAO6r1hBgBInvv0O6J88PD71Zyx"
  config.endpoint = "https://graph.facebook.com/v19.0"
  config.timeout = 10
end
