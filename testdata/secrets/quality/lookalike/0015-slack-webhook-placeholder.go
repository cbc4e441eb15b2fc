package slackclient

const (
	baseURL = "https://api.slack.io"
	slackWebhookUrl = "YOUR_SLACK_WEBHOOK_URL"
)

func New() *Client {
	return &Client{base: baseURL, key: slackWebhookUrl}
}
