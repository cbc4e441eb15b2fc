FactoryBot.define do
  factory :user do
    sequence(:email) { |n| "user#{n}@localhost" }
    password { "password123" }
  end
end
