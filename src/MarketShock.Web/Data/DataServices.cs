using MarketShock.Admin;
using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Serilog;

namespace MarketShock.Data;

internal static class DataServices
{
    public const string ConnectionName = "MarketShock";

    /// <summary>
    /// With no connection string configured, starts the embedded PostgreSQL in ./.data/postgres and points
    /// the configuration at it. The caller disposes the result, which stops a server this process started.
    /// </summary>
    public static async Task<EmbeddedPostgres?> UseEmbeddedDatabaseIfUnconfiguredAsync(this IConfigurationManager configuration, CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionName)))
            return null;
        var server = await EmbeddedPostgres.StartAsync(Path.Combine(Directory.GetCurrentDirectory(), ".data", "postgres"), "marketshock", ct);
        configuration[$"ConnectionStrings:{ConnectionName}"] = server.ConnectionString("marketshock");
        Log.Information("No connection string configured: using the embedded PostgreSQL on 127.0.0.1:{Port}, data in {DataDirectory}",
            server.Port, server.DataDirectory);
        return server;
    }

    public static IServiceCollection AddMarketShockData(this IServiceCollection services, IConfiguration configuration)
    {
        var retries = configuration.GetValue("MarketShock:Database:MaxRetryCount", DefaultMaxRetryCount);
        var retryDelay = configuration.GetValue("MarketShock:Database:MaxRetryDelay", DefaultMaxRetryDelay);
        // Checked here, at the start, rather than by EF Core at the first query, deep in a request or an import.
        if (retries < 0 || retryDelay < TimeSpan.Zero)
            throw new InvalidOperationException(
                $"MarketShock:Database:MaxRetryCount must be 0 or more and MaxRetryDelay not negative (they are {retries} and {retryDelay}).");
        IInterceptor[] interceptors = configuration.GetValue("MarketShock:Database:PrepareQueries", true) ? [PreparedQueries.Instance] : [];
        services.AddDbContext<MarketShockDbContext>(options => options
            .UseNpgsql(WithSessionOptions(configuration.GetConnectionString(ConnectionName)),
                npgsql => npgsql.EnableRetryOnFailure(retries, retryDelay, errorCodesToAdd: null))
            // A failed command's exception reaches its caller, which reports it once (an import's log and message, the site's
            // error handling): EF Core's own error events would print it again, a stack trace amid a command's output.
            .ConfigureWarnings(events => events.Log(
                (CoreEventId.SaveChangesFailed, LogLevel.Debug), (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug), (RelationalEventId.ConnectionError, LogLevel.Debug)))
            .AddInterceptors(interceptors)
            .UseSnakeCaseNamingConvention());
        services.AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.AllowedForNewUsers = true;
                options.Password.RequiredLength = PasswordLength.Minimum;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddPasswordValidator<PasswordLength>()
            .AddPasswordValidator<CommonPasswords>()
            .AddEntityFrameworkStores<MarketShockDbContext>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Importer>();
        return services;
    }

    /// <summary>
    /// Transient failures (a dropped connection, a database restarting or shutting down) are retried: a query or a save on its
    /// own, and each unit run through <c>Database.CreateExecutionStrategy()</c> (an import, an edit with its audit entry, a
    /// recomputation) from its start, with exponentially longer waits of at most the delay set: a few seconds in all by default,
    /// enough for a restart without keeping a reader long from the 503 of an outage.
    /// </summary>
    private const int DefaultMaxRetryCount = 4;

    private static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>What the app's sessions set: no JIT compilation and no parallel workers for a query.</summary>
    /// <remarks>
    /// The pages' queries are index probes that run in a millisecond or a few. The planner's estimate for a leaderboard page
    /// with its ranks in company passes the JIT threshold: compiling it took 25 ms of a query that then ran in 1 ms. And it
    /// plans a capped count over millions of rows with two workers, whose start cost more than the scan: 17 ms against 5 ms
    /// at 30 M moves. (Index builds have their own workers, max_parallel_maintenance_workers.)
    /// </remarks>
    internal const string SessionOptions = "-c jit=off -c max_parallel_workers_per_gather=0";

    /// <summary>The connection string with <see cref="SessionOptions"/> after the options it already has.</summary>
    internal static string? WithSessionOptions(string? connectionString)
    {
        if (connectionString is null)
            return null;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? SessionOptions : $"{builder.Options} {SessionOptions}";
        return builder.ConnectionString;
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();
        // A migration that builds an index over a large table outlasts the usual command timeout (28 s for one over
        // 30 M moves); the recomputation after it runs as long as the data needs, as imports do.
        db.Database.SetCommandTimeout(TimeSpan.Zero);
        // Npgsql's provider reads the history table without checking that it exists, and EF Core logs the failure of
        // that read on a new database as an error before migrating it (npgsql/efcore.pg#3407). Created first, with
        // EF Core's own statement, the table is there to read.
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
        await db.Database.MigrateAsync(ct);
        Log.Information("Database schema is at migration {Migration}", db.Database.GetMigrations().Last());
        await ShockAnalytics.RecomputeIfMissingAsync(db, ct);
    }
}
