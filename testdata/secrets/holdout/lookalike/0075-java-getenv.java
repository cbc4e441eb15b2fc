public final class DbConfig {
    static final String URL = "jdbc:postgresql://db.internal/app";
    static final String PASSWORD = System.getenv("DB_PASSWORD");
}
