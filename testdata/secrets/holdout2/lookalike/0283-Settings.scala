object Settings {
  val dbPassword: String = sys.env.getOrElse("DB_PASSWORD", sys.error("DB_PASSWORD missing"))
}
