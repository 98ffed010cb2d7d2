using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MarketShock.Admin;

/// <summary>How many sign-in attempts and uploads one client address may send in a window (MarketShock:RateLimits).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "MarketShock:RateLimits";

    [Range(1, int.MaxValue)]
    public int SignIns { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, int.MaxValue)]
    public int Uploads { get; set; } = 30;

    public TimeSpan UploadWindow { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// The built-in rate limiter on the two POSTs an attacker would repeat: sign-in (guessing passwords across accounts,
/// which the per-account lockout does not see) and uploads (each one a large write). Counted per client address, the
/// one the forwarded headers of a named proxy give. A refused request is a 429 with Retry-After, and the error page
/// says when to try again.
/// </summary>
internal static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Upload = "upload";

    /// <summary>The seconds to wait, for the error page: set when a request is refused.</summary>
    public const string RetryAfterItem = "MarketShock.RetryAfterSeconds";

    public static IServiceCollection AddMarketShockRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.SignInWindow > TimeSpan.Zero && o.UploadWindow > TimeSpan.Zero, "The rate-limit windows must be longer than zero.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, http => PerAddress(http, o => (o.SignIns, o.SignInWindow)));
            limiter.AddPolicy(Upload, http => PerAddress(http, o => (o.Uploads, o.UploadWindow)));
            limiter.OnRejected = Refuse;
        });
        return services;
    }

    /// <summary>The sign-in page and the uploads page carry their policy.</summary>
    public static PageConventionCollection LimitRates(this PageConventionCollection pages)
    {
        pages.AddPageApplicationModelConvention("/Admin/SignIn", page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignIn)));
        pages.AddPageApplicationModelConvention("/Admin/Uploads", page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(Upload)));
        return pages;
    }

    /// <summary>A POST counts against its address's window; pages read with GET are never limited.</summary>
    private static RateLimitPartition<string> PerAddress(HttpContext http, Func<RateLimitOptions, (int Permits, TimeSpan Window)> limit)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
            return RateLimitPartition.GetNoLimiter("");
        var (permits, window) = limit(http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "";
        return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
        });
    }

    private static ValueTask Refuse(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Items[RetryAfterItem] = seconds;
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
            .LogWarning("Refused {Method} {Path} from {Address}: over its rate limit for {Seconds} s more",
                http.Request.Method, http.Request.Path.Value, http.Connection.RemoteIpAddress, seconds);
        // No body: the error responses that follow write the page (or the API's problem details).
        return ValueTask.CompletedTask;
    }
}
