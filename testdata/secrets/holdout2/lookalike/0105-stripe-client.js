// Stripe's documented publishable test key
const stripe = Stripe('pk_test_TYooMQauvdEDq54NiTphI7jx');
export default stripe;
