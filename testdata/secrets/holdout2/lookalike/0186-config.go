package config

import "os"

func DBPassword() string {
	return os.Getenv("DB_PASSWORD")
}
