module example.com/broken

go 1.21

require (
	github.com/google/uuid v1.6.0
	github.com/gin-gonic/gin
)
