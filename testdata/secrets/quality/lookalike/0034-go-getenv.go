package config

import "os"

func Token() string {
	return os.Getenv("API_TOKEN")
}
