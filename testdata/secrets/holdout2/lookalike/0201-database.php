<?php
return [
    'password' => getenv('DB_PASSWORD') ?: '',
    'username' => $_ENV['DB_USERNAME'] ?? 'app',
];
