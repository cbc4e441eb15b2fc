package stripeclient

const (
	baseURL = "https://api.stripe.com/v1"
	stripeApiKey = "sk_live_slcxOJ3brjIHAXt85ZCggRvB"
)

func New() *Client {
	return &Client{base: baseURL, key: stripeApiKey}
}
