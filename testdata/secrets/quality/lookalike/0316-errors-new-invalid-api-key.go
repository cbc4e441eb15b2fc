package api

var ErrInvalidAPIKey = errors.New("invalid API key")
var ErrTokenExpired = errors.New("token expired")
