package sendgridclient

const (
	baseURL = "https://api.sendgrid.io"
	sendgridApiKey = "SG.G4wsa"
)

func New() *Client {
	return &Client{base: baseURL, key: sendgridApiKey}
}
