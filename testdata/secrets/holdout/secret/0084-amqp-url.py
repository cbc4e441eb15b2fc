import os

CELERY_BROKER_URL = "amqp://shipping:SgBnQYBy180hnbL~zaTWyXJF@mq.internal:5672/prod"
CELERY_RESULT_BACKEND = "rpc://"
CELERY_TASK_ACKS_LATE = True
