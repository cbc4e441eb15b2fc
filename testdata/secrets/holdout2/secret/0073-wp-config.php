<?php
define( 'DB_NAME', 'wp_saltmarsh' );
define( 'DB_USER', 'wp_rxdzv' );
define( 'DB_PASSWORD', 'Tundra_Prairie619*' );
define( 'DB_HOST', 'mysql.saltmarsh.internal' );
define( 'DB_CHARSET', 'utf8mb4' );
$table_prefix = 'wp_';
