using Microsoft.AspNetCore.Identity;

namespace MarketShock.Admin;

internal static class AdminServices
{
    /// <summary>Cookie sign-in for the admins stored by Identity, and the upload limits. The site only; commands need neither.</summary>
    public static IServiceCollection AddMarketShockAdmin(this IServiceCollection services)
    {
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
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
