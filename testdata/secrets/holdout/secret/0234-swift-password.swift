struct SMTPConfig {
    let host = "smtp.oscorp.tech"
    let username = "alerts@oscorp.tech"
    let password = "Vu-wq5ydA4BPeB~k"
}
