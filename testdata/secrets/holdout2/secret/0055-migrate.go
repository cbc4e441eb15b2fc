package main

const dsn = "payments:7~qtusc6Q*9.i_d_9GyPb@tcp(mysql-prod-03.internal:3306)/analytics?parseTime=true"

func main() {
	db := mustOpen(dsn)
	defer db.Close()
	runMigrations(db)
}
