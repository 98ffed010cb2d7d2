using MarketShock.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace MarketShock.Admin;

internal static class AdminServices
{
    /// <summary>The same for every instance, whatever folder it runs from: the keys' purpose strings derive from it.</summary>
    public const string DataProtectionApplication = "MarketShock";

    public const string SessionCheckInterval = "MarketShock:Admin:SessionCheckInterval";

    /// <summary>Cookie sign-in for the admins stored by Identity, and the upload limits. The site only; commands need neither.</summary>
    public static IServiceCollection AddMarketShockAdmin(this IServiceCollection services)
    {
        // The keys of the sign-in cookie and the antiforgery tokens live in PostgreSQL: a restart, or another instance
        // behind the same proxy, reads the same keys, so a signed-in admin stays signed in and a form opened on one
        // instance can be posted to another. (In a container's file system they were lost at every restart.)
        services.AddDataProtection().SetApplicationName(DataProtectionApplication).PersistKeysToDbContext<MarketShockDbContext>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "marketshock.admin";
            cookie.LoginPath = "/admin/signin";
            cookie.LogoutPath = "/admin/signout";
            cookie.AccessDeniedPath = "/admin/signin";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        new IdentityBuilder(typeof(IdentityUser), services).AddSignInManager();
        // How often a signed-in cookie's security stamp is compared with the database: a password changed with
        // `admin password` ends the admin's other sessions within this time.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IConfiguration>((validator, configuration) =>
            validator.ValidationInterval = configuration.GetValue(SessionCheckInterval, TimeSpan.FromMinutes(1)));
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
