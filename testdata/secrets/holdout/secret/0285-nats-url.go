package bus

import "github.com/nats-io/nats.go"

func Connect() (*nats.Conn, error) {
	return nats.Connect("nats://orders:e_XMGcOUwEHjDQEL4dzWeFq1r-@nats.internal:4222")
}
