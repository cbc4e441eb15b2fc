CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL,
  api_token_digest CHAR(64)
);
