package com.tyrell.app

object Keys {
    const val DOPPLER_SERVICE_TOKEN = "dp.st.prd.zaNp2BerzLUILEe34A2efk6bIykvRr39DvNzNasAFzR"
}
