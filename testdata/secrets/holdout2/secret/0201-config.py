class ProductionConfig(Config):
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = "mysql://orders_app:6Iil0iE6fsfQAloQq0H9gpFG@10.8.210.215/warehouse"
    SQLALCHEMY_ENGINE_OPTIONS = {'pool_recycle': 280}
