package billing

import "os"

var stripeKey = os.Getenv("STRIPE_SECRET_KEY")
