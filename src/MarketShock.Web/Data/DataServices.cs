using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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
        services.AddDbContext<MarketShockDbContext>(options => options
            .UseNpgsql(configuration.GetConnectionString(ConnectionName))
            .UseSnakeCaseNamingConvention());
        services.AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.AllowedForNewUsers = true;
                options.Password.RequiredLength = 12;
            })
            .AddEntityFrameworkStores<MarketShockDbContext>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Importer>();
        return services;
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();
        await db.Database.MigrateAsync(ct);
        Log.Information("Database schema is at migration {Migration}", db.Database.GetMigrations().Last());
        await ShockAnalytics.RecomputeIfMissingAsync(db, ct);
    }
}
