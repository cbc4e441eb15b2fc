Rails.application.configure do
  config.x.s3_secret = Rails.application.credentials.dig(:aws, :secret_access_key)
end
