-- name: SetPassword :exec
UPDATE users
SET password_hash = $1, password_changed_at = now()
WHERE id = $2;
