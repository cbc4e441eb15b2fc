package com.vandelay.app

object Keys {
    const val FLW_SECRET_KEY = "FLWSECK-8169a77067a5dcf0b5a36b70af01cf62-X"
}
