using System.Net;
using MarketShock.Data;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MarketShock.Tests.Data;

/// <summary>
/// The permalink's queries are prepared on the server by default, and MarketShock:Database:PrepareQueries=false (for a
/// pooler that does not keep prepared statements) sends them unprepared: the same page either way. Each site here has a
/// pool of one connection of its own, so that what that connection holds prepared is what its requests left there.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class PreparedQueriesTests(AppFixture app) : IAsyncLifetime
{
    private const string Permalink = "/companies/BBB/2025-01-09";

    private Files Files { get; } = new();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await ThreeCompanies.ImportAsync(app, Files);
    }

    public Task DisposeAsync()
    {
        Files.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_permalink_leaves_its_tagged_queries_prepared_on_its_connection_by_default()
    {
        await using var site = Site("prepared", prepare: null);

        var page = await PermalinkAsync(site);

        Assert.Contains("Beta Corp", page, StringComparison.Ordinal);
        var prepared = await PreparedStatementsAsync(site);
        Assert.Contains(prepared, s => s.StartsWith($"-- {PreparedQueries.Tag}", StringComparison.Ordinal));
        Assert.All(prepared, s => Assert.StartsWith($"-- {PreparedQueries.Tag}", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_preparation_off_the_same_permalink_is_served_and_nothing_is_left_prepared()
    {
        await using var prepared = Site("prepared", prepare: null);
        await using var unprepared = Site("unprepared", prepare: false);

        var page = await PermalinkAsync(unprepared);

        Assert.Equal(await PermalinkAsync(prepared), page);
        Assert.Empty(await PreparedStatementsAsync(unprepared));
    }

    /// <summary>A site whose queries go through a pool of one connection, named so that no other site's pool is shared.</summary>
    private WebApplicationFactory<Program> Site(string name, bool? prepare)
    {
        var connection = new NpgsqlConnectionStringBuilder(app.ConnectionString)
        {
            ApplicationName = $"marketshock-tests-{name}-{Guid.NewGuid():N}",
            MaxPoolSize = 1,
        }.ConnectionString;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:MarketShock", connection);
            if (prepare is { } value)
                host.UseSetting("MarketShock:Database:PrepareQueries", value ? "true" : "false");
        });
    }

    private static async Task<string> PermalinkAsync(WebApplicationFactory<Program> site)
    {
        using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri(Permalink, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The statements prepared on the site's one pooled connection, read through that connection.</summary>
    private static async Task<List<string>> PreparedStatementsAsync(WebApplicationFactory<Program> site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT statement FROM pg_prepared_statements";
        var statements = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            statements.Add(reader.GetString(0));
        return statements;
    }
}
