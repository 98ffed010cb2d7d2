using MarketShock.Admin;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Serilog;

namespace MarketShock.Data;

/// <summary>
/// The site starts whether or not its database answers. The schema is migrated (and the configured admin created) before
/// the site listens when the database is up, as before; when it is not reachable, the site listens anyway, answers 503
/// with a page that says so (and <c>/healthz</c> says Unhealthy), and keeps trying in the background until it can migrate.
/// A database that goes away later makes each request that needs it a 503 too (<see cref="IsUnreachable"/>), and the
/// site recovers by itself when it is back: every request opens its connection anew from the pool.
/// </summary>
internal sealed class DatabaseStartup(IServiceProvider services, IConfiguration configuration, IHostApplicationLifetime lifetime)
    : IHostedService, IHealthCheck
{
    /// <summary>How long a client is asked to wait before trying again (<c>Retry-After</c>, seconds).</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The first wait between attempts, doubled after each failure up to <see cref="LongestWait"/>.</summary>
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1), LongestWait = TimeSpan.FromSeconds(10);

    private Task _retrying = Task.CompletedTask;
    private volatile bool _ready;

    /// <summary>The schema is migrated: the site can serve.</summary>
    public bool IsReady => _ready;

    public async Task StartAsync(CancellationToken ct)
    {
        if (await TryPrepareAsync(ct))
            return;
        // Stopped when the site stops (ApplicationStopping is cancelled before the hosted services are stopped).
        _retrying = Task.Run(() => RetryAsync(lifetime.ApplicationStopping), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken ct) => await _retrying.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database is not reachable yet: the schema is not migrated."));

    private async Task RetryAsync(CancellationToken ct)
    {
        var wait = FirstWait;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(wait, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ct.IsCancellationRequested || await TryPrepareAsync(ct))
                return;
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }

    /// <summary>Migrates and creates the configured admin; false when the database cannot be reached (anything else is thrown).</summary>
    private async Task<bool> TryPrepareAsync(CancellationToken ct)
    {
        try
        {
            await services.MigrateDatabaseAsync(ct);
            await services.EnsureConfiguredAdminAsync(configuration, ct);
            if (!_ready)
                Log.Information("The database is ready");
            _ready = true;
            return true;
        }
        catch (Exception ex) when (IsUnreachable(ex) && !ct.IsCancellationRequested)
        {
            Log.Warning("The database is not reachable ({Reason}): the site answers 503 and tries again", Innermost(ex).Message);
            return false;
        }
    }

    /// <summary>
    /// The database did not answer, or is starting or shutting down (Npgsql's transient errors: a refused or broken
    /// connection, a timeout, 57P01–57P03): worth a retry, unlike a wrong password or a broken query.
    /// </summary>
    public static bool IsUnreachable(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException)
                return true;
        }
        return false;
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);
}

internal static class DatabaseStartupServices
{
    /// <summary>The database prepared as the site starts, or in the background until it answers; a health check of it.</summary>
    public static IServiceCollection AddDatabaseStartup(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseStartup>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseStartup>());
        services.AddHealthChecks().AddCheck<DatabaseStartup>("schema");
        return services;
    }

    /// <summary>
    /// Until the schema is migrated, every request but the health check and the static files gets a bare 503 with
    /// <c>Retry-After</c>; the error responses that follow write the body (the site's page or the API's problem details).
    /// </summary>
    public static IApplicationBuilder UseDatabaseReadiness(this IApplicationBuilder app, IWebHostEnvironment environment)
    {
        var startup = app.ApplicationServices.GetRequiredService<DatabaseStartup>();
        // The top-level folders and files of wwwroot: the style sheets and scripts the 503 page itself needs.
        var statics = environment.WebRootFileProvider.GetDirectoryContents("").Select(f => new PathString("/" + f.Name)).ToArray();
        return app.Use((http, next) =>
        {
            var path = http.Request.Path;
            // The error page's own request (re-executed for the 503) passes, to be written.
            if (startup.IsReady || path.StartsWithSegments("/healthz") || statics.Any(s => path.StartsWithSegments(s))
                || http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
                return next(http);
            // A bare 503: the error responses that follow write the body.
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
    }

    /// <summary>How long to wait, on a 503: written by the error responses, since the exception handler clears the headers.</summary>
    public static void AskToRetry(HttpContext http) =>
        http.Response.Headers.RetryAfter = DatabaseStartup.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The API's problem details of a 503: what it means and when to try again.</summary>
    public static void ExplainUnreachable(ProblemDetailsContext problem)
    {
        if (problem.ProblemDetails.Status != StatusCodes.Status503ServiceUnavailable)
            return;
        AskToRetry(problem.HttpContext);
        problem.ProblemDetails.Detail = $"The database is not reachable just now; try again in {DatabaseStartup.RetryAfterSeconds} seconds.";
    }

    /// <summary>The exception handler's status: 503 for an unreachable database, 500 for the rest.</summary>
    public static int StatusFor(Exception ex) =>
        DatabaseStartup.IsUnreachable(ex) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
}
