package flags

import ld "github.com/launchdarkly/go-server-sdk/v7"

const sdkKey = "sdk-19d44e7a-41c9-42d7-8ca8-3e7bf4e22c89"

func New() (*ld.LDClient, error) {
	return ld.MakeClient(sdkKey, 5*time.Second)
}
