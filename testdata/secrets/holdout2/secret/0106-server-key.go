package tlsconf

// serverKey is the key for grpc.corvid.app
const serverKey = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIO1HDtR29oHEUm8+wZEtxEXXRSdJHeaydRXTioXa6ojQoAoGCCqGSM49
AwEHoUQDQgAEzFkd5uFC6/pFnr5vPPotAx0UedN+CTQvSfR5j/z+Guvoy2AxGcql
MovRV6kFw/2o0m/Iafs0OceGQcKezoOh3Q==
-----END EC PRIVATE KEY-----`
