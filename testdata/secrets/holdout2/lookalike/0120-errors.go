package auth

import "errors"

var (
	ErrPasswordTooShort = errors.New("password must be at least 12 characters")
	ErrMissingToken     = errors.New("missing bearer token")
)
