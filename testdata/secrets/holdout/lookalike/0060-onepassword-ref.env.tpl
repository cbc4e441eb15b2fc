# resolved by `op inject -i .env.tpl -o .env`
STRIPE_SECRET_KEY=op://Production/Stripe/secret_key
DATABASE_PASSWORD=op://Production/Postgres/password
