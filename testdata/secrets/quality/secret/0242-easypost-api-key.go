package easypostclient

const (
	baseURL = "https://api.easypost.com/v2"
	easypostApiKey = "EZAKFhpEkrE7BbkLhdYMKJgFYYauFkpaQOOauj1XMTHwwKJ3j1p7T3xqgb"
)

func New() *Client {
	return &Client{base: baseURL, key: easypostApiKey}
}
