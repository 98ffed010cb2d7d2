using MarketShock.Tests.Infrastructure;
using Npgsql;

namespace MarketShock.Tests.Cli;

/// <summary>The first start on an empty database: the schema is created and nothing is logged as an error.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class FirstStartTests(AppFixture app)
{
    [Fact]
    public Task Migrating_a_new_database_logs_no_error() => WithNewDatabaseAsync(async fresh =>
    {
        // Development: the log in plain text with its levels, as a new user running the app first sees it.
        var result = await app.RunAsync(["migrate"], new Dictionary<string, string>
        {
            ["ConnectionStrings__MarketShock"] = fresh, ["DOTNET_ENVIRONMENT"] = "Development",
        });

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Database schema is at migration", result.Error, StringComparison.Ordinal);
        AssertNoError(result.Error);
    });

    /// <summary>The site itself: the services that start with it (the data-protection keys) read their tables only once migrated.</summary>
    [Fact]
    public Task Starting_the_site_on_a_new_database_logs_no_error() => WithNewDatabaseAsync(async fresh =>
    {
        string text;
        await using (var site = await SiteProcess.StartAsync(app, new Dictionary<string, string>
        {
            ["ConnectionStrings__MarketShock"] = fresh, ["DOTNET_ENVIRONMENT"] = "Development",
        }))
            text = site.Log;

        Assert.Contains("Database schema is at migration", text, StringComparison.Ordinal);
        AssertNoError(text);
    });

    private static void AssertNoError(string log)
    {
        Assert.DoesNotContain(" ERR]", log, StringComparison.Ordinal);
        Assert.DoesNotContain(" FTL]", log, StringComparison.Ordinal);
    }

    private async Task WithNewDatabaseAsync(Func<string, Task> test)
    {
        var name = $"first_start_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        try
        {
            await test(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = name }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }
}
