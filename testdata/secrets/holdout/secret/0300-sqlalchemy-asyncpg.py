from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(
    "postgresql+asyncpg://api:tQr22mpk9n5~XzOMCL-q@db.internal:5432/api",
    pool_size=10,
)
