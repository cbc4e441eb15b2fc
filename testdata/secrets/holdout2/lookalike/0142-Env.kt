object Env {
    val dbPassword: String = System.getenv("DB_PASSWORD") ?: error("DB_PASSWORD not set")
}
