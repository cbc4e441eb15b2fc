class User < ApplicationRecord
  has_secure_password
  has_secure_token :api_token
  validates :password, length: { minimum: 12 }, allow_nil: true
end
