// The gateway service.
module example.com/gateway

go 1.22.1

toolchain go1.22.3

godebug default=go1.21

require github.com/google/uuid v1.6.0

require (
	github.com/gin-gonic/gin v1.9.1
	"github.com/quoted/module" v0.3.0 // a quoted path
	golang.org/x/net v0.0.0-20210226172049-e18ecbb05110
	github.com/docker/docker v24.0.7+incompatible
	example.com/internal/lib v1.2.0
	example.com/forked v1.0.0
	example.com/pinned v1.1.0
)

require (
	github.com/bytedance/sonic v1.9.1 // indirect
	golang.org/x/sys v0.15.0 // indirect; used by net
	github.com/old/dep v0.1.0 // indirect
)

replace example.com/internal/lib => ../lib

replace (
	github.com/old/dep => github.com/new/dep v0.2.1
	example.com/pinned v1.0.0 => example.com/other v9.9.9 // another version: does not apply
	example.com/pinned v1.1.0 => example.com/pinned-fork v1.1.1
	example.com/unused => ./unused
)

replace example.com/forked => /srv/forks/forked

exclude (
	golang.org/x/net v0.1.0
)

exclude github.com/gin-gonic/gin v1.9.0

retract [v0.9.0, v0.9.5] // published by mistake
retract v0.8.0
