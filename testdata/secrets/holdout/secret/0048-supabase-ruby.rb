# config/initializers/supabase.rb
Rails.application.config.supabase = {
  access_token: "sbp_03a0e13c7cc76d383395bf541d7e53608439c620",
  open_timeout: 5
}
