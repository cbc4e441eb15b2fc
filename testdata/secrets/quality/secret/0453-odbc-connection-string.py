import pyodbc

CONN = "Driver={ODBC Driver 18 for SQL Server};Server=sql-6.internal.granitepeak.net;Database=Sales;Uid=etl;Pwd=bqpvh9lmTS!DunjdeVnChfvimb;Encrypt=yes"
cnxn = pyodbc.connect(CONN)
