val pinner = CertificatePinner.Builder()
    .add("api.vandelay.app", "sha256/oNptG3CPy7xeUZ/9iNTZL1yvzdFegLfOVFgcXFfYjKo=")
    .add("api.vandelay.app", "sha256/ECwF6/jCs0onYuNrj0Ljt/+Ueqa70QRRXdTSCHhjkqA=")
    .build()
