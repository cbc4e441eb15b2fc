public class Db {
    static final String PASSWORD = System.getenv("DB_PASSWORD");
    static final String USER = System.getenv().getOrDefault("DB_USER", "app");
}
