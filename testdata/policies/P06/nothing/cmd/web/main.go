package main

import (
	"log"
	"net/http"
)

func main() {
	http.Handle("/", http.FileServer(http.Dir("/srv/www")))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
