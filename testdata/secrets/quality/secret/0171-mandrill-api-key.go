package mandrillclient

const (
	baseURL = "https://mandrillapp.com/api/1.0"
	mandrillApiKey = "md-ZDhXYDyiRLdrJAbRLdN8NR"
)

func New() *Client {
	return &Client{base: baseURL, key: mandrillApiKey}
}
