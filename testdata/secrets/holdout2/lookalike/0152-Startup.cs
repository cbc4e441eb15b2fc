var conn = builder.Configuration.GetConnectionString("Default");
var apiKey = Environment.GetEnvironmentVariable("PAYMENTS_API_KEY")
    ?? throw new InvalidOperationException("PAYMENTS_API_KEY missing");
