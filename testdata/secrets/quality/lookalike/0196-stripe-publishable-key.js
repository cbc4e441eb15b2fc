import { loadStripe } from "@stripe/stripe-js";

export const stripePromise = loadStripe("pk_live_51Stmksq19CG8hMloFFFf928rVZaVVHyMeosFZlXag09oA5YYREw4eTDI4ETdfCesdnybFz1mGmvWti7JpvrYoMA5dUsakQCQXD");
