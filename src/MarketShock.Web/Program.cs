using MarketShock;
using MarketShock.Admin;
using MarketShock.Api;
using MarketShock.Caching;
using MarketShock.Cards;
using MarketShock.Cli;
using MarketShock.Data;
using MarketShock.Pages;
using Serilog;

Logging.UseBootstrapLogger();
try
{
    // A verb (migrate, import, recompute, admin) runs one command and exits; no verb serves the site.
    if (CommandLine.IsCommand(args))
        return await CommandLine.RunAsync(args);

    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        ContentRootPath = AppContext.BaseDirectory,
    });

    // On SIGTERM or Ctrl-C, requests in flight get this long to finish before the site stops.
    builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

    // No "Server: Kestrel" on responses: it tells a visitor nothing they need.
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

    // Database: the configured server, or the embedded one when none is configured.
    await using var embeddedDatabase = await builder.Configuration.UseEmbeddedDatabaseIfUnconfiguredAsync();
    builder.Services.AddMarketShockData(builder.Configuration);
    // The schema migrated as the site starts, or once the database answers: registered first, so that it runs before
    // the other services that start with the site read their tables (the data-protection keys).
    builder.Services.AddDatabaseStartup();
    builder.Services.AddMarketShockLogging(builder.Environment);

    // Behind a reverse proxy: the client's address, scheme and host, from the proxies named in configuration only.
    builder.Services.AddReverseProxy(builder.Configuration);

    // Admin sign-in and upload limits; everything under /admin needs a signed-in admin; sign-in and uploads rate-limited.
    builder.Services.AddMarketShockAdmin(builder.Environment);
    builder.Services.AddMarketShockRateLimits();
    builder.Services.AddRazorPages(options => options.Conventions.AuthorizeFolder("/Admin").AllowAnonymousToPage("/Admin/SignIn").LimitRates());

    // The reader pages' settings: what counts as a shock, and the benchmark.
    builder.Services.AddReaderSettings();
    builder.Services.AddCards();

    // JSON API with its OpenAPI document; API errors are problem details.
    builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
    {
        QueryGuard.ExplainProblem(problem);
        DatabaseStartupServices.ExplainUnreachable(problem);
    });
    builder.Services.AddOpenApi();

    // Anonymous responses cached (in memory, or Redis) until the data changes; compression; the API's ETags.
    builder.Services.AddMarketShockCaching(builder.Configuration);

    // Health.
    builder.Services.AddHealthChecks().AddDbContextCheck<MarketShockDbContext>("database");

    var app = builder.Build();

    app.UseForwardedHeaders();
    // First of the rest, so that every response has them, errors and redirects included.
    app.UseSecurityHeaders(SecurityHeaders.Policy(app.Environment));
    app.UseSerilogRequestLogging();
    app.UseErrorResponses(errorPage: "/Error", app.Environment);
    app.UseDatabaseReadiness(app.Environment);
    app.UseAdminOverHttps(app.Environment);
    app.UseQueryGuard();
    app.UseRouting();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseMarketShockCaching();
    app.MapHealthChecks("/healthz");
    app.MapOpenApi();
    app.MapMarketApi();
    app.MapCsvExports();
    app.MapCards();
    app.MapStaticAssets();
    app.MapRazorPages().WithStaticAssets();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (DatabaseStartup.IsUnreachable(ex))
{
    // A command with its database down (the site itself waits for it): what to check, not a stack trace.
    Log.Fatal("MarketShock cannot reach its database: {Message}. Check ConnectionStrings:MarketShock and that the server is running", ex.Message);
    return 1;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "MarketShock stopped: {Message}", ex.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

public partial class Program;
