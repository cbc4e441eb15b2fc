import pika

creds = pika.PlainCredentials("events", "Yonder-Willow3146~")
params = pika.ConnectionParameters("10.28.31.245", 5672, "/events", creds)
channel = pika.BlockingConnection(params).channel()
