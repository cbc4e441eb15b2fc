if Rails.env.development?
  User.find_or_create_by!(email: 'dev@localhost') do |u|
    u.password = 'letmein'
    u.admin = true
  end
end
