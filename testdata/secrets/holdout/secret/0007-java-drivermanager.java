import java.sql.Connection;
import java.sql.DriverManager;

class Db {
    static Connection open() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://10.20.4.17/search", "search", "OCT958Ff+KnbYK&N0Y");
    }
}
