broker_url = 'rediss://:h3iQHWh1ZAPgIAvRd5rQmPk@redis.parcelport.internal:6380/0?ssl_cert_reqs=required'
result_backend = 'rpc://'
task_acks_late = True
worker_prefetch_multiplier = 1
