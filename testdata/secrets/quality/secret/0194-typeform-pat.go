package typeformclient

const (
	baseURL = "https://api.typeform.com"
	typeformToken = "tfp_qqrv14WxqvSphuf-3nlSEPVDk-UPgMlynauMNU15CFzy_xYmL-4p07nZl0F"
)

func New() *Client {
	return &Client{base: baseURL, key: typeformToken}
}
