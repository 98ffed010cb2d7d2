using System.Security.Cryptography;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace MarketShock.Caching;

/// <summary>Whether anonymous responses are cached, and for how long at most (they are evicted sooner when the data changes).</summary>
public sealed class CacheOptions
{
    public const string Section = "MarketShock:OutputCache";

    public bool Enabled { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(1, 1440)]
    public int ExpireMinutes { get; set; } = 10;
}

/// <summary>
/// The reader pages, the API, the CSV exports and the share cards, cached for anonymous readers: in memory, or in Redis
/// when <c>ConnectionStrings:Redis</c> is set so that every instance shares one cache; evicted when the data changes
/// (<see cref="DataChanges"/>). Admin pages, the health check and anything a signed-in admin requests are never cached
/// (ASP.NET Core's default policy: only anonymous GET and HEAD answered 200 without a cookie). Responses are compressed
/// (Brotli, gzip) outside /admin, where pages carry antiforgery tokens (BREACH); the API's responses carry an ETag.
/// </summary>
internal static class CacheServices
{
    /// <summary>The tag of every cached response that shows stored data.</summary>
    public const string DataTag = "data";

    public const string RedisConnectionName = "Redis";

    public static IServiceCollection AddMarketShockCaching(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CacheOptions.Section).Get<CacheOptions>() ?? new CacheOptions();
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Append("text/csv");
        });
        if (!options.Enabled)
            return services;
        if (configuration.GetConnectionString(RedisConnectionName) is { Length: > 0 } redis)
            services.AddStackExchangeRedisOutputCache(store => (store.Configuration, store.InstanceName) = (redis, "marketshock:"));
        services.AddOutputCache(cache => cache.AddBasePolicy(policy => policy
            .With(c => !c.HttpContext.Request.Path.StartsWithSegments("/admin") && !c.HttpContext.Request.Path.StartsWithSegments("/healthz"))
            .Expire(TimeSpan.FromMinutes(options.ExpireMinutes))
            .Tag(DataTag)));
        services.AddHostedService<DataChangeListener>();
        return services;
    }

    /// <summary>Compression outside /admin, the cache (after authentication, which it needs to tell an admin), the API's ETags.</summary>
    public static void UseMarketShockCaching(this IApplicationBuilder app)
    {
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/admin"), site => site.UseResponseCompression());
        if (app.ApplicationServices.GetService<IOutputCacheStore>() is not null)
            app.UseOutputCache();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.Use(WithEntityTagAsync));
    }

    /// <summary>
    /// An ETag from the body of a 200 (SHA-256, truncated), and 304 without a body when the client already has it. Weak,
    /// because compression comes after it: the Brotli, gzip and plain bodies are one tag's representations, equal in
    /// meaning, not byte for byte (a strong tag promises the bytes). Stored with the cached response, so that the output
    /// cache answers If-None-Match itself on a hit.
    /// </summary>
    private static async Task WithEntityTagAsync(HttpContext http, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }
        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        if (http.Response.StatusCode == StatusCodes.Status200OK)
        {
            var tag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..16])}\"";
            http.Response.Headers.ETag = tag;
            // If-None-Match compares weakly: "x" and W/"x" both match.
            if (http.Request.Headers.IfNoneMatch.Any(value => value is not null
                    && value.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == tag || "W/" + t == tag)))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                http.Response.ContentLength = null;
                return;
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }
}
