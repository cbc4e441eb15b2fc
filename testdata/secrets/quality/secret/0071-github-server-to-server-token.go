package githubclient

const (
	baseURL = "https://api.github.com"
	ghToken = "ghs_VU1vZdHdnbHfraSnrHyv7TUkymuGfw0NqZ5z"
)

func New() *Client {
	return &Client{base: baseURL, key: ghToken}
}
