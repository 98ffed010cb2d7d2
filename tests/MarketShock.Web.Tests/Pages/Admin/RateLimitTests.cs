using System.Globalization;
using System.Net;
using System.Text;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>
/// Sign-in attempts and uploads are counted per client address (the one a trusted proxy forwards): past the limit a POST
/// is a 429 with Retry-After and a page saying when to try again, while other addresses and plain page reads go on.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class RateLimitTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const int SignIns = 3;
    private const int Uploads = 2;

    private KestrelSite _site = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
        _site = KestrelSite.Start(host => host
            .UseSetting("MarketShock:RateLimits:SignIns", SignIns.ToString(CultureInfo.InvariantCulture))
            .UseSetting("MarketShock:RateLimits:SignInWindow", "00:05:00")
            .UseSetting("MarketShock:RateLimits:Uploads", Uploads.ToString(CultureInfo.InvariantCulture)));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Past_the_limit_a_sign_in_is_refused_with_a_429_that_says_when_to_try_again_and_other_addresses_go_on()
    {
        var guesser = new ProxiedVisitor(_site.Client, "203.0.113.30");
        for (var attempt = 1; attempt <= SignIns; attempt++)
        {
            using var wrong = await guesser.SignInAsync(AdminSession.Email, $"not-the-password-{attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("The email or password is not correct.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Even the right password: the address is over its limit.
        using var refused = await guesser.SignInAsync(AdminSession.Email, AdminSession.Password);
        var text = AdminSession.Text(await refused.Content.ReadAsStringAsync());
        using var page = await guesser.GetAsync("/admin/signin");
        using var other = await new ProxiedVisitor(_site.Client, "203.0.113.31").SignInAsync(AdminSession.Email, AdminSession.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var wait = refused.Headers.RetryAfter?.Delta;
        Assert.True(wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(5), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains("Too many attempts", text, StringComparison.Ordinal);
        Assert.Contains($"Try again in {Math.Ceiling(wait!.Value.TotalSeconds / 60)} minutes.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("marketshock-admin", guesser.Cookies.Keys);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task Past_the_limit_an_upload_is_refused_with_a_429_and_imports_nothing()
    {
        var admin = new ProxiedVisitor(_site.Client, "203.0.113.32");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(AdminSession.Email, AdminSession.Password)).StatusCode);

        for (var upload = 1; upload <= Uploads; upload++)
            Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, $"NVDA{upload}.csv")).StatusCode);
        var imports = await app.ScalarAsync<long>("SELECT count(*) FROM import_logs");
        using var refused = await UploadAsync(admin, "NVDA3.csv");
        var text = AdminSession.Text(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many attempts", text, StringComparison.Ordinal);
        Assert.Equal(imports, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs"));
    }

    [Fact]
    public async Task Past_the_limit_the_upload_page_says_nothing_was_imported_and_when_to_try_again()
    {
        await using var tab = await browser.OpenAsync(_site.Client.BaseAddress!, Browser.Phone);
        await tab.SignInAsync(_site.Client.BaseAddress!);
        var progress = tab.Page.Locator("#upload-progress:is([data-state=done], [data-state=failed])");

        for (var upload = 0; upload <= Uploads; upload++)
        {
            await tab.Page.Locator("#upload-files").SetInputFilesAsync(new FilePayload
            {
                Name = $"NVDA{upload}.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SampleUploads.Nvda),
            });
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
            await progress.WaitForAsync();
            if (upload < Uploads)
                Assert.Equal("done", await progress.GetAttributeAsync("data-state"));
        }
        await tab.ScreenshotAsync("admin-upload-rate-limited-phone.png");

        Assert.Equal("failed", await progress.GetAttributeAsync("data-state"));
        Assert.Matches(@"^Too many uploads from this address in a short time: nothing was imported\. Try again in \d+ minutes\.$",
            await progress.InnerTextAsync());
        // The refused request is the one problem the page met.
        Assert.All(tab.Problems, problem => Assert.Contains("429", problem, StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> UploadAsync(ProxiedVisitor admin, string name)
    {
        using var form = await admin.GetAsync("/admin/uploads");
        var token = AdminSession.FormToken(await form.Content.ReadAsStringAsync(), "/admin/uploads");
        return await admin.PostAsync("/admin/uploads", SampleUploads.Multipart(token, [(name, SampleUploads.Nvda)]));
    }
}
