from twilio.rest import Client

account_sid = "ACd069e182fb33df7e6e5d0563dbb7be9f"
auth_token = "387c358f83e0df250543208325542883"
client = Client(account_sid, auth_token)

def send_code(to, code):
    client.messages.create(to=to, from_="+13833226822", body=f"Your code is {code}")
