package atlassianclient

const (
	baseURL = "https://northwind.atlassian.net"
	atlassianApiToken = "ATATT3xFfGF0h6ykDq4TPorAUsJK11TjKs48wolzxwsSDS1bNRyWNpbF-KaA8kR4tUB-t4N5IGAebluu3V25SZnsxnpmhOXKB9qyq2WN6S0Zd3dqqFTxvyZwdRVAtlnww30nZQ6ZwOFmhDmZmFDhNQs87Lu8SVeVzQ6QhQl7qtG4xu_HkssE3L7=6FD91D70"
)

func New() *Client {
	return &Client{base: baseURL, key: atlassianApiToken}
}
