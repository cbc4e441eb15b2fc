package auth

import "errors"

var (
	ErrInvalidToken  = errors.New("invalid api token")
	ErrWrongPassword = errors.New("password does not match")
)
