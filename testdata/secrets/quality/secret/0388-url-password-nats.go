package bus

import "github.com/nats-io/nats.go"

func Connect() (*nats.Conn, error) { return nats.Connect("nats://billing:u_2M~9Ol_X9-8pLGoRI0fnTk@nats-5.prod.lumenworks.net:4222") }
