package flags

import (
	"time"

	ld "github.com/launchdarkly/go-server-sdk/v7"
)

func New() (*ld.LDClient, error) {
	return ld.MakeClient("sdk-41a650a0-61cf-4a7d-9294-c086b8869a22", 5*time.Second)
}
