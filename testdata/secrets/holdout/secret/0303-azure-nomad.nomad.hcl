job "checkout" {
  group "web" {
    task "server" {
      driver = "docker"
      env {
        COSMOS_CONNECTION_STRING = "AccountEndpoint=https://wayneent-cosmos.documents.azure.com:443/;AccountKey=pCsbOoHTM37zImZCLAFjCz5kKsvbOvq7+M7x8sPepgQlAsjhUSEURsg9EYL0DsWEycyzhgz7Y76EHn0L/AQrjQ==;"
      }
    }
  }
}
