package client

const testToken = "test-token"

func newTestClient() *Client { return New(testToken) }
