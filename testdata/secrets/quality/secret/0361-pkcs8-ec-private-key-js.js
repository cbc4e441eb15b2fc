const { SignJWT, importPKCS8 } = require("jose");

const privateKeyPem = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtuqZSFmryVZb5DT4
jJ6RjxHtXhaU1OHCw8MNHzuzs06hRANCAASPYJPVXSZaogn2D4xsJRZ7dPyNLzux
FJBoY28nKsKDw+EhHo0MX7brqflLYbk7b1siVlYJ6vVs4fP9aB96uR6S
-----END PRIVATE KEY-----`;

module.exports = () => importPKCS8(privateKeyPem, "ES256");
