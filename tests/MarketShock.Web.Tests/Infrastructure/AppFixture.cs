using System.Globalization;
using System.Net;
using MarketShock.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace MarketShock.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL and one running site for the whole test run. The database is the server named by
/// MARKETSHOCK_TEST_CONNECTION, or a throwaway cluster started the same way as the app's embedded default.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    /// <summary>The site's upload limit in the tests (MarketShock:Import:MaxUploadBytes).</summary>
    public const long MaxUploadBytes = 1024 * 1024;

    private string? _clusterDirectory;
    private EmbeddedPostgres? _cluster;
    private Respawner? _respawner;

    public string ConnectionString { get; private set; } = "";
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = Environment.GetEnvironmentVariable("MARKETSHOCK_TEST_CONNECTION") ?? await StartClusterAsync();
        // The site reads its connection string before the host is built, so it is handed over the way an operator would.
        Environment.SetEnvironmentVariable("ConnectionStrings__MarketShock", ConnectionString);
        // A small upload limit, so that a test can go over it without sending half a gigabyte.
        Environment.SetEnvironmentVariable("MarketShock__Import__MaxUploadBytes", MaxUploadBytes.ToString(CultureInfo.InvariantCulture));
        // Each test empties the database and writes its own, without the announcements an import or an edit sends, and
        // reads pages at once: the shared site serves them uncached. OutputCacheTests runs a site of its own with the cache.
        Environment.SetEnvironmentVariable("MarketShock__OutputCache__Enabled", "false");
        // A session's security stamp checked at every request, so that a password change ends it at once.
        Environment.SetEnvironmentVariable("MarketShock__Admin__SessionCheckInterval", "00:00:00");
        // Every test signs in and uploads from 127.0.0.1: RateLimitTests runs a site of its own with small limits.
        Environment.SetEnvironmentVariable("MarketShock__RateLimits__SignIns", "1000000");
        Environment.SetEnvironmentVariable("MarketShock__RateLimits__Uploads", "1000000");
        Factory = new WebApplicationFactory<Program>();
        Factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // The data-protection keys are the site's, not a test's: the running site keeps them in memory once read.
            TablesToIgnore = ["__EFMigrationsHistory", "data_protection_keys"],
        });
    }

    /// <summary>
    /// A client of the running site with cookies of its own that does not follow redirects. Built directly, because
    /// on Kestrel the factory's client follows redirects in its socket handler whatever its options say.
    /// </summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    /// <summary>How many times the database was emptied: data imported at one generation is still there while it lasts.</summary>
    public int Generation { get; private set; }

    /// <summary>Empties every table so that each test starts from a blank database.</summary>
    public async Task ResetAsync()
    {
        Generation++;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Factory.DisposeAsync();
        }
        finally
        {
            if (_cluster is not null)
                await _cluster.DisposeAsync();
            if (_clusterDirectory is not null)
                Directory.Delete(_clusterDirectory, recursive: true);
        }
    }

    private async Task<string> StartClusterAsync()
    {
        _clusterDirectory = Directory.CreateTempSubdirectory("marketshock-tests-").FullName;
        // Under root the server runs as the postgres account, which must be able to enter the folder.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_clusterDirectory, (UnixFileMode)0b111_101_101);
        _cluster = await EmbeddedPostgres.StartAsync(Path.Combine(_clusterDirectory, "postgres"), "marketshock_test");
        return _cluster.ConnectionString("marketshock_test");
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollectionDefinition : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
