using System.Net;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>
/// Outside Development the session and form cookies are <c>__Host-</c> cookies (Secure, HttpOnly, SameSite=Strict, the
/// whole site, this host only), and the admin pages answer only HTTPS, here as a TLS proxy in front reports it.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class AdminCookieTests(AppFixture app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task In_Production_over_HTTPS_signing_in_sets_host_only_secure_strict_cookies_that_open_the_admin_pages()
    {
        await using var site = KestrelSite.Start(host => host.UseEnvironment("Production"));
        var admin = new ProxiedVisitor(site.Client, "203.0.113.20");

        using var signedIn = await admin.SignInAsync(AdminSession.Email, AdminSession.Password);
        using var uploads = await admin.GetAsync("/admin/uploads");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, uploads.StatusCode);
        Assert.Equal(["__Host-marketshock-admin", "__Host-marketshock-form"], admin.Cookies.Keys.Order());
        foreach (var cookie in admin.SetCookies)
        {
            var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
            Assert.Contains("path=/", attributes);
            Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task In_Production_an_admin_page_over_plain_HTTP_is_refused_with_the_HTTPS_address_and_no_cookie()
    {
        await using var site = KestrelSite.Start(host => host.UseEnvironment("Production"));
        var visitor = new ProxiedVisitor(site.Client, "203.0.113.21", https: false);

        using var signIn = await visitor.GetAsync("/admin/signin");
        var text = AdminSession.Text(await signIn.Content.ReadAsStringAsync());
        using var reader = await visitor.GetAsync("/shocks");

        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Contains("The admin pages need HTTPS", text, StringComparison.Ordinal);
        Assert.Contains($"Open https://{site.Client.BaseAddress!.Authority}/admin/signin instead.", text, StringComparison.Ordinal);
        Assert.Empty(visitor.SetCookies);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
    }

    [Fact]
    public async Task In_Development_over_plain_HTTP_the_cookies_keep_plain_names_and_stay_HttpOnly_and_strict()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        var admin = new ProxiedVisitor(client, "203.0.113.22", https: false);

        using var signedIn = await admin.SignInAsync(AdminSession.Email, AdminSession.Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(["marketshock-admin", "marketshock-form"], admin.Cookies.Keys.Order());
        Assert.All(admin.SetCookies, cookie => Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.All(admin.SetCookies, cookie => Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase));
    }
}
