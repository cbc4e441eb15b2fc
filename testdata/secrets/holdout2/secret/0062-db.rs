use sqlx::postgres::PgPoolOptions;

pub async fn pool() -> sqlx::Result<sqlx::PgPool> {
    PgPoolOptions::new()
        .max_connections(8)
        .connect("postgres://api_user:3li5oIWeJamp14JbYhp@db-prod-04.internal/orders")
        .await
}
