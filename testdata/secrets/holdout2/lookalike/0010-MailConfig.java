public final class MailConfig {
    static final String PASSWORD = System.getenv("SMTP_PASSWORD");
    static final String HOST = System.getenv().getOrDefault("SMTP_HOST", "localhost");
}
