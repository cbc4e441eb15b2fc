package elasticclient

const (
	baseURL = "https://lumenworks.es.us-east-1.aws.found.io"
	elasticApiKey = "ZDRXc2w1OW1wWm4tVFJLdVhXRmk6ZHM5aUpOaDkyYmRaWFNKQkltS3I1dw=="
)

func New() *Client {
	return &Client{base: baseURL, key: elasticApiKey}
}
