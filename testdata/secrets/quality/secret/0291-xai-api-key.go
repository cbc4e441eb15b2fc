package xaiclient

const (
	baseURL = "https://api.x.ai/v1"
	xaiApiKey = "xai-bXSA0Q8Jq4Y7OLnl9XwfF7yDY1DOdpjIDmhR8inkK2H4iaXYarCt2kyC94gNJwpGQT1Ev6fBhZNxt0LV"
)

func New() *Client {
	return &Client{base: baseURL, key: xaiApiKey}
}
