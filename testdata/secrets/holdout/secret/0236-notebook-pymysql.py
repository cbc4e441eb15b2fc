# %% load data
import pandas as pd
import pymysql

conn = pymysql.connect(host="mysql-01.dc2.lan", user="analyst", password="h9Gh!N3kxI2~%4kwZ7O6p!2_P1Y~", db="sales")
df = pd.read_sql("select * from orders limit 100", conn)
