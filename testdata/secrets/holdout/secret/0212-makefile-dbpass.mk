DB_USER := migrator
DB_PASS := YtzickJL1*t0iS4W58hO

migrate:
	flyway -user=$(DB_USER) -password=$(DB_PASS) migrate
