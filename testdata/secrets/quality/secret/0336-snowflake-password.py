import snowflake.connector

conn = snowflake.connector.connect(
    account="io30830.eu-central-1",
    user="DEPLOY",
    password="Copper#Summit#Zephyr59#",
    warehouse="REPORTING_WH",
)
