job "payments" {
  group "web" {
    task "server" {
      driver = "docker"
      env {
        PERPLEXITY_API_KEY = "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"
      }
    }
  }
}
