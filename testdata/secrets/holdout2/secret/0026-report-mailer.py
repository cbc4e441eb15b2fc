import smtplib
from email.message import EmailMessage

def send(msg: EmailMessage):
    with smtplib.SMTP("smtp.gmail.com", 587) as s:
        s.starttls()
        s.login("reports@lumenfield.io", "vqMXDtkmk0FrwBiRvXuc3ruv")
        s.send_message(msg)
