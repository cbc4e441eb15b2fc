import pika

params = pika.URLParameters("amqp://guest:guest@localhost:5672/%2F")
