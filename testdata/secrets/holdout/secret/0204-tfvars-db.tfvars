db_name     = "analytics"
db_username = "analytics_admin"
db_password = "qJGZ.@im+o*5LJ+rK=5"
