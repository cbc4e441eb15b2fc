Rails.application.configure do
  config.action_mailer.delivery_method = :postmark
  config.action_mailer.postmark_settings = { api_token: '204afdbd-3e73-4196-84c1-9d65a940938c' }
  config.action_mailer.default_url_options = { host: 'app.ironbark.net' }
end
