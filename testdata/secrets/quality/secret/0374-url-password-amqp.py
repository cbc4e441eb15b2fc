import pika

params = pika.URLParameters("amqp://ci-bot:Walnut-Sierra543-@mq-6.svc.pinecrest.net:5672/%2F")
connection = pika.BlockingConnection(params)
