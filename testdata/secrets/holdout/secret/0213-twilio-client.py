from twilio.rest import Client

account_sid = "AC7a4ddd069b08c0947dacb0b8eb017c92"
auth_token = "12ab1861f0dcf92b2c5e0093e1a99d54"
client = Client(account_sid, auth_token)
