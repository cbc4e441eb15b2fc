from sqlalchemy import create_engine

engine = create_engine("postgresql+psycopg2://jenkins:Walnut-Cinder-Summit896.@pg-8.internal.redwoodio.net:5432/inventory", pool_pre_ping=True)
