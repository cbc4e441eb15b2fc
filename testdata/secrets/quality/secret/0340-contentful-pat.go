package contentfulclient

const (
	baseURL = "https://api.contentful.com"
	contentfulManagementToken = "CFPAT-1PaQOYTq_q8EK9S0qzAB04gT7_rd08GERw76dja_soZ"
)

func New() *Client {
	return &Client{base: baseURL, key: contentfulManagementToken}
}
