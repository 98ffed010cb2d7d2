using MarketShock.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;

namespace MarketShock.Admin;

internal static class AdminServices
{
    /// <summary>The same for every instance, whatever folder it runs from: the keys' purpose strings derive from it.</summary>
    public const string DataProtectionApplication = "MarketShock";

    public const string SessionCheckInterval = "MarketShock:Admin:SessionCheckInterval";

    /// <summary>Cookie sign-in for the admins stored by Identity, and the upload limits. The site only; commands need neither.</summary>
    public static IServiceCollection AddMarketShockAdmin(this IServiceCollection services, IHostEnvironment environment)
    {
        // The keys of the sign-in cookie and the antiforgery tokens live in PostgreSQL: a restart, or another instance
        // behind the same proxy, reads the same keys, so a signed-in admin stays signed in and a form opened on one
        // instance can be posted to another. (In a container's file system they were lost at every restart.)
        services.AddDataProtection().SetApplicationName(DataProtectionApplication).PersistKeysToDbContext<MarketShockDbContext>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            HostOnly(cookie.Cookie, "marketshock-admin", environment);
            cookie.LoginPath = "/admin/signin";
            cookie.LogoutPath = "/admin/signout";
            cookie.AccessDeniedPath = "/admin/signin";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAntiforgery(antiforgery => HostOnly(antiforgery.Cookie, "marketshock-form", environment));
        new IdentityBuilder(typeof(IdentityUser), services).AddSignInManager();
        // How often a signed-in cookie's security stamp is compared with the database: a password changed with
        // `admin password` ends the admin's other sessions within this time.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IConfiguration>((validator, configuration) =>
            validator.ValidationInterval = configuration.GetValue(SessionCheckInterval, TimeSpan.FromMinutes(1)));
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Outside Development the admin pages answer only HTTPS (as the client saw it, through a named proxy): their
    /// cookies are Secure, so over plain HTTP a browser would drop them, and the password would cross the network in
    /// the clear. A plain-HTTP request gets a 403 page saying so, with the HTTPS address.
    /// </summary>
    public static IApplicationBuilder UseAdminOverHttps(this IApplicationBuilder app, IHostEnvironment environment) =>
        environment.IsDevelopment() ? app : app.Use((http, next) =>
        {
            if (http.Request.IsHttps || !http.Request.Path.StartsWithSegments("/admin")
                || http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
                return next(http);
            http.Items[NeedsHttpsItem] = $"https://{http.Request.Host}{http.Request.PathBase}/admin/signin";
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });

    /// <summary>The HTTPS address to offer, on the 403 page of an admin page asked for over plain HTTP.</summary>
    public const string NeedsHttpsItem = "MarketShock.NeedsHttps";

    /// <summary>
    /// The session and antiforgery cookies: HttpOnly, SameSite=Strict, and outside Development Secure with the
    /// <c>__Host-</c> prefix, which a browser keeps only from HTTPS, for this host alone, on every path. Development keeps
    /// the plain name and follows the request's scheme, so that sign-in works on http://localhost.
    /// </summary>
    private static void HostOnly(CookieBuilder cookie, string name, IHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        cookie.Name = development ? name : "__Host-" + name;
        cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Strict;
        cookie.Path = "/";
    }
}
