from sqlalchemy import create_engine

engine = create_engine("mysql+pymysql://orders_app:J6shQXLT4SiJsmH51TGwK6l75oqp@10.34.82.77:3306/warehouse", pool_pre_ping=True)

def rows(sql):
    with engine.connect() as c:
        return c.execute(sql).fetchall()
