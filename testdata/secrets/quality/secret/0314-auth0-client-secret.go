package auth0client

const (
	baseURL = "https://saltmarsh.eu.auth0.com"
	auth0ClientSecret = "qEQx5qwmtseNJpYBQMGBEx3WdAOF7O9zTQhd6rrp6FwYzD3mzHxWZ0641R_2fowf"
)

func New() *Client {
	return &Client{base: baseURL, key: auth0ClientSecret}
}
