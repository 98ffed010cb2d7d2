using System.Net;
using MarketShock.Tests.Infrastructure;
using Npgsql;

namespace MarketShock.Tests.Web;

[Collection(AppCollectionDefinition.Name)]
public sealed class HealthTests(AppFixture app)
{
    [Fact]
    public async Task Healthz_answers_200_while_the_database_is_reachable()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_answers_503_when_the_database_refuses_connections()
    {
        using var client = app.CreateClient();
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        try
        {
            await Sql(admin, $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS false");
            await Sql(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            NpgsqlConnection.ClearAllPools();

            var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await Sql(admin, $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS true");
            NpgsqlConnection.ClearAllPools();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    private static async Task Sql(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
