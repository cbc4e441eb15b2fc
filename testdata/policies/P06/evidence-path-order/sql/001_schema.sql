CREATE TABLE products (
    id     bigint PRIMARY KEY,
    sku    varchar(64) NOT NULL UNIQUE,
    title  varchar(255) NOT NULL,
    price  numeric(10, 2) NOT NULL
);
