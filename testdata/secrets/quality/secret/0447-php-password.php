<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp_admin');
define('DB_PASSWORD', 'Juniper*Sierra103+');
define('DB_HOST', 'mysql-2.prod.foxglove.net');
