import { loadStripe } from "@stripe/stripe-js";

// publishable key: safe to ship to browsers
export const stripePromise = loadStripe("pk_live_51PK3JKeCwup0EXF6qJNphjpsZqxZ1bHN9K42CmasaASJWEv4lqbxEoNvToOSqP657NVzHJODyLwMERQGH1fUM95oVkobgH6Q7Y");
