import requests

def send(to, subject, body):
    return requests.post(
        "https://api.mailgun.net/v3/mg.silverpine.io/messages",
        auth=("api", "key-36abccf2a96cebc521ced17ed35c8525"),
        data={"from": "alerts@silverpine.io", "to": to, "subject": subject, "text": body},
    )
