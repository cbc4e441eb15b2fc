assets_acl     = "public-read"
public_website = true
backups_acl    = "private"
