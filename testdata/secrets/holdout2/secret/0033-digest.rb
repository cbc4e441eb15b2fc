require 'net/smtp'

Net::SMTP.start('smtp.redkite.com', 587, helo: 'redkite.com',
                user: 'digest', secret: '14ACbJY2DTqtvVKscssr65t', authtype: :login) do |smtp|
  smtp.send_message(body, 'digest@redkite.com', recipients)
end
