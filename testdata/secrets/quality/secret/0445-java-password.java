public class DbConfig {
    private static final String URL = "jdbc:oracle:thin:@ora-2.internal.ironbark.net:1521/ORCL";
    private static final String USER = "BATCH";
    private static final String PASSWORD = "6qiq0kQbpV_YqtO03";
}
