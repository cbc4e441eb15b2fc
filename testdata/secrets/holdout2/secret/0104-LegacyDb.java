import java.sql.Connection;
import java.sql.DriverManager;

public final class LegacyDb {
    public static Connection open() throws Exception {
        return DriverManager.getConnection(
            "jdbc:oracle:thin:@ora-2.data.svc.cluster.local:1521/ORCLPDB1", "WEBAPP", "8e807e098b47af1cda180027d6280fd5");
    }
}
