using MarketShock.Tests.Infrastructure;
using Npgsql;

namespace MarketShock.Tests.Cli;

/// <summary>The first start on an empty database: the schema is created and nothing is logged as an error.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class FirstStartTests(AppFixture app)
{
    [Fact]
    public async Task Migrating_a_new_database_logs_no_error()
    {
        var name = $"first_start_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        try
        {
            var fresh = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = name }.ConnectionString;
            // Development: the log in plain text with its levels, as a new user running the app first sees it.
            var result = await app.RunAsync(["migrate"], new Dictionary<string, string>
            {
                ["ConnectionStrings__MarketShock"] = fresh, ["DOTNET_ENVIRONMENT"] = "Development",
            });

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Contains("Database schema is at migration", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(" ERR]", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(" FTL]", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }
}
