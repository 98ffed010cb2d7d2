using MarketShock.Data;

namespace MarketShock.Cli;

/// <summary>Builds the site's services (configuration, database, logging) for a command, without a web server.</summary>
internal static class CommandHost
{
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        await using var embeddedDatabase = await builder.Configuration.UseEmbeddedDatabaseIfUnconfiguredAsync(ct);
        builder.Services.AddMarketShockData(builder.Configuration);
        builder.Services.AddMarketShockLogging(builder.Environment, commandLine: true);

        using var host = builder.Build();
        await host.Services.MigrateDatabaseAsync(ct);
        await using var scope = host.Services.CreateAsyncScope();
        return await command(scope.ServiceProvider, ct);
    }
}
