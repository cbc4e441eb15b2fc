package googleclient

const (
	baseURL = "https://oauth2.googleapis.com"
	googleClientSecret = "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"
)

func New() *Client {
	return &Client{base: baseURL, key: googleClientSecret}
}
