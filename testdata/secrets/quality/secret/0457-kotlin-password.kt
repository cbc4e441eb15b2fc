object MailSettings {
    const val HOST = "smtp.quarrylane.com"
    const val USER = "notifications"
    const val PASSWORD = "2IabbKe!pvdF*u*JRFB59w_5x"
}
