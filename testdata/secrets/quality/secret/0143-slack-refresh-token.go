package slackclient

const (
	baseURL = "https://slack.com/api"
	slackRefreshToken = "xoxe-1-My0xTHJIvbKyRPlYbxqR6xJKT2spWfxbR2r20fBgu0BWeK9cylNCRL3z4fAUM4JchS8tNOb0wwJtSrAkItv1ciDEXLGMz5UChEncd2ZiGxRMs3OXFvNB82G1bpSXV6ECmWxcUgHXoWTjuSkArU"
)

func New() *Client {
	return &Client{base: baseURL, key: slackRefreshToken}
}
