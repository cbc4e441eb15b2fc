package partner

import "net/http"

func sign(req *http.Request) {
	req.Header.Set("X-API-Key", "NhwRs4hDj5ChcC4WIpT91SX0qksZ6GLm")
}
