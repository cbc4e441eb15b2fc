require "infisical"

Infisical.configure do |config|
  config.infisical_token = "st.f9c319383184d0ba082d8c9d.a55202fe3009071d3411d4865b3e3c67.1013bb201eab9068c250582b7247b7db"
  config.endpoint = "https://app.infisical.com/api"
  config.timeout = 10
end
