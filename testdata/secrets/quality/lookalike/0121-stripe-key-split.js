// the key is assembled at runtime from the vault response
const prefix = 'sk_live_';
const key = prefix + vaultResponse.data.suffix;
