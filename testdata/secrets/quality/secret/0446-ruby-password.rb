ActiveRecord::Base.establish_connection(
  adapter: "postgresql",
  host: "pg-4.prod.orchardly.net",
  username: "rails",
  password: "OtUf3NNt3%!#dbi6yuFh"
)
