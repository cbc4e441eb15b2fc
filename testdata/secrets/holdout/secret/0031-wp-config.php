<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp_checkout' );
define( 'DB_PASSWORD', 'oyvk%VLdD*380GysU0_Jh7kMo@Gl&' );
define( 'DB_HOST', 'rds-main.internal' );
