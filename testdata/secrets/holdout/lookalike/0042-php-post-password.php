<?php
$password = $_POST['password'] ?? '';
if (!password_verify($password, $user['password_hash'])) {
    http_response_code(401);
}
