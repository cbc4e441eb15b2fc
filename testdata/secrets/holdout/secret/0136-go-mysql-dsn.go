package store

import "database/sql"

func Open() (*sql.DB, error) {
	return sql.Open("mysql", "shop:xnRX7~rowO~*gk*Hj@tcp(mysql-01.dc2.lan:3306)/shop?parseTime=true")
}
