package npmclient

const (
	baseURL = "https://registry.npmjs.org"
	npmToken = "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"
)

func New() *Client {
	return &Client{base: baseURL, key: npmToken}
}
