package main

func main() {
	apiKey := "INSERT_KEY_HERE" // replace before running the demo
	run(apiKey)
}
