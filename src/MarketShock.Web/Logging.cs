using Serilog;
using Serilog.Formatting.Compact;

namespace MarketShock;

internal static class Logging
{
    /// <summary>First stage: a logger for start-up, replaced once configuration is read.</summary>
    public static void UseBootstrapLogger() =>
        Log.Logger = new LoggerConfiguration()
            .WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            .CreateBootstrapLogger();

    /// <summary>Second stage: levels from the "Serilog" section; readable text in Development, compact JSON elsewhere.</summary>
    public static void AddMarketShockLogging(this IServiceCollection services, IHostEnvironment environment, bool commandLine = false) =>
        services.AddSerilog((provider, logger) =>
        {
            logger.ReadFrom.Configuration(provider.GetRequiredService<IConfiguration>())
                .ReadFrom.Services(provider)
                .Enrich.FromLogContext();
            // Commands keep standard output for their results, so their log goes to standard error.
            var errorLevel = commandLine ? Serilog.Events.LogEventLevel.Verbose : (Serilog.Events.LogEventLevel?)null;
            if (environment.IsDevelopment() || commandLine)
                logger.WriteTo.Console(standardErrorFromLevel: errorLevel,
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
            else
                logger.WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: errorLevel);
        });
}
