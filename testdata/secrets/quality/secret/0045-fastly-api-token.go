package fastlyclient

const (
	baseURL = "https://api.fastly.com"
	fastlyApiToken = "Wcd4XyltPHmOa2TDH2Ak-n3-uslKY1qA"
)

func New() *Client {
	return &Client{base: baseURL, key: fastlyApiToken}
}
