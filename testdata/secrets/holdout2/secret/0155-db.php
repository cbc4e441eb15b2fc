<?php
$dsn = 'mysql:host=10.19.124.230;dbname=accounts;charset=utf8mb4';
$pdo = new PDO($dsn, 'webapp', '8!iXxGgo6+Tc72-D', [
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
]);
