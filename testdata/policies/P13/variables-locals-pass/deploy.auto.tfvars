encrypt_volumes = true
