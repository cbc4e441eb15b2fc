from twilio.rest import Client

account_sid = "ACba5dfc66610e333da9c9874bc05aba27"
auth_token = "9ea682d01c5f7a0f5732609bf7f103d4"
client = Client(account_sid, auth_token)
