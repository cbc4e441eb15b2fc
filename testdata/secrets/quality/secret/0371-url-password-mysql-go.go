package store

import "database/sql"

const dsn = "jenkins:Willow_Ember_Maple0325~@tcp(mysql-4.svc.orchardly.net:3306)/customers?parseTime=true"

func Open() (*sql.DB, error) { return sql.Open("mysql", dsn) }
