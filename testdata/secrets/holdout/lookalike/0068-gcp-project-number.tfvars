project_id     = "northwind-analytics-prod"
project_number = "108142677047"
region         = "europe-west4"
