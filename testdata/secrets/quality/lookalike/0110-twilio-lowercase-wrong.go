package twilioclient

const (
	baseURL = "https://api.twilio.io"
	twilioAuthToken = "acyornmxzkozkk"
)

func New() *Client {
	return &Client{base: baseURL, key: twilioAuthToken}
}
