package registry

import "net/http"

func authed(req *http.Request) {
	req.SetBasicAuth("svc_reporting", "l3FeJz1qa!8g6EB30j_Q~4D")
}
