import psycopg2

conn = psycopg2.connect(
    host="10.20.4.17",
    dbname="webhooks",
    user="etl",
    password="wbusR@l%%#M0WDteCxlNDk4",
)
