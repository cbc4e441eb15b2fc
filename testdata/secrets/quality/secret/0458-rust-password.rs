pub fn pool() -> Pool {
    let url = "pg-8.prod.larkspur.net";
    let password = "Orbit#Quartz8567-";
    Pool::connect(url, "app", password)
}
