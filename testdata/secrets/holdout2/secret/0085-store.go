package store

import (
	"database/sql"

	_ "github.com/lib/pq"
)

func Open() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://svc_orders:Svh1lgmbP5aJjJEyrwUx4hjskD@10.14.99.192:5432/ledger?sslmode=require")
}
