package com.globex.signing

private const val KEYSTORE_PATH = "release.jks"
private const val KEYSTORE_PASSWORD = "f82Kyg@ANy%Z5!EMILLQ4z@f9yIpkVIH"
