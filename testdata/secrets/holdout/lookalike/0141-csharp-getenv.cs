var builder = new SqlConnectionStringBuilder
{
    DataSource = "sql01",
    Password = Environment.GetEnvironmentVariable("SQL_PASSWORD"),
};
