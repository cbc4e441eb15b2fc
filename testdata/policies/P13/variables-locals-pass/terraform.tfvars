assets_acl     = "private"
public_website = false
