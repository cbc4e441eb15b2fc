import psycopg2

conn = psycopg2.connect(
    host="pg-9.prod.meridian.net",
    user="analytics",
    password="I_ewz#k_C2W7L~F%J*pIl",
    dbname="warehouse",
)
