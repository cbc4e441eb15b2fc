var client = new SecretClient(new Uri("https://kv-orders.vault.azure.net/"), new DefaultAzureCredential());
KeyVaultSecret secret = await client.GetSecretAsync("db-password");
var conn = new SqlConnection($"Server=sql01;User Id=app;Password={secret.Value}");
