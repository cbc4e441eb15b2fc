import org.jetbrains.exposed.sql.Database

object Db {
    fun connect() = Database.connect(
        url = "jdbc:postgresql://db-0.prod.svc.cluster.local:5432/bookings",
        driver = "org.postgresql.Driver",
        user = "analytics_ro",
        password = "Xl_98ljCgr3OJA41dUlWoAjM"
    )
}
