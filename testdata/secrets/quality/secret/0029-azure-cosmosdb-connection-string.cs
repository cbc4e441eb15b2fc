using Microsoft.Azure.Cosmos;

public static class Db
{
    private const string Conn = "AccountEndpoint=https://northwind-cosmos.documents.azure.com:443/;AccountKey=YCwH5hAu70ir3q30/o27OEk92065g4gw27fc36QzIrJwWboECF/dy+dH2J4EOXA094G1+BcF7fxAed25wvMFhw==;";
    public static CosmosClient Client { get; } = new CosmosClient(Conn);
}
