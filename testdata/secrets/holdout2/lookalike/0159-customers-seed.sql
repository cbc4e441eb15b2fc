-- values encrypted with Vault transit key 'customers'
INSERT INTO customers (id, email, ssn_ciphertext) VALUES
  (1042, 'ingrid.b@meridianhq.net', 'vault:v1:YSVl9hQwI3twoBLFKdECln4YwqRdCX6i9PSU1W0AAhXHPqhFvQE2hH6OBuejcI/G');
