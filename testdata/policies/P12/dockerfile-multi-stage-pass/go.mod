module example.com/ticketd

go 1.22
