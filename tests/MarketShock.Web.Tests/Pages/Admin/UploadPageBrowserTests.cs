using System.Text;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>The admin pages as an admin uses them, in a real headless Chromium: sign in, upload with the page's script, read the results.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class UploadPageBrowserTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private static readonly FilePayload Nvda = new() { Name = "NVDA.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SampleUploads.Nvda) };
    private static readonly FilePayload BadAmd = new() { Name = "AMD.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SampleUploads.BadAmd) };

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("desktop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task Two_chosen_files_upload_with_a_progress_bar_and_each_gets_its_result(string device, int width, int height)
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, new ViewportSize { Width = width, Height = height });
        await tab.SignInAsync(app.BaseAddress);

        await tab.Page.Locator("#upload-files").SetInputFilesAsync([Nvda, BadAmd]);
        Assert.Equal(["NVDA.csv", "AMD.csv"], (await tab.Page.Locator("#chosen-files li span:first-child").AllInnerTextsAsync()).ToArray());
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        var progress = tab.Page.Locator("#upload-progress:is([data-state=done], [data-state=failed])");
        await progress.WaitForAsync();
        await tab.ScreenshotAsync($"admin-upload-results-{device}.png");

        // One of the two was rejected: the bar says so rather than a green "Done".
        Assert.Equal("failed", await progress.GetAttributeAsync("data-state"));
        Assert.Equal("1 of 2 files were rejected: see why below.", await progress.InnerTextAsync());
        Assert.Equal("100", await progress.Locator("progress").EvaluateAsync<string>("p => String(p.value)"));
        Assert.Equal("imported", await Result(tab, "NVDA.csv").GetAttributeAsync("data-status"));
        Assert.Equal("rejected", await Result(tab, "AMD.csv").GetAttributeAsync("data-status"));
        var errors = await Result(tab, "AMD.csv").Locator("ol.errors li").AllInnerTextsAsync();
        Assert.Contains(errors, e => e.StartsWith("line 3, column High", StringComparison.Ordinal));
        Assert.Matches(@"/admin/uploads\?ids=\d+&ids=\d+$", tab.Page.Url);
        Assert.Equal(4L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        Assert.Empty(tab.Problems);
        await AssertFitsAsync(tab, device, width);
    }

    [Fact]
    public async Task Files_dropped_on_the_drop_zone_are_chosen_and_uploaded()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.SignInAsync(app.BaseAddress);

        await tab.Page.EvaluateAsync("""
            ([name, text]) => {
                const files = new DataTransfer();
                files.items.add(new File([text], name, { type: 'text/csv' }));
                const zone = document.getElementById('drop-zone');
                for (const type of ['dragenter', 'dragover', 'drop'])
                    zone.dispatchEvent(new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }));
            }
            """, new[] { "NVDA.csv", SampleUploads.Nvda });
        Assert.Equal("NVDA.csv", await tab.Page.Locator("#chosen-files li span:first-child").InnerTextAsync());
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        await tab.Page.Locator("#upload-progress[data-state=done]").WaitForAsync();

        Assert.Equal("Imported.", await tab.Page.Locator("#upload-progress").InnerTextAsync());
        Assert.Equal("imported", await Result(tab, "NVDA.csv").GetAttributeAsync("data-status"));
        Assert.Equal(4L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
    }

    [Fact]
    public async Task Files_over_the_limit_are_refused_before_they_are_sent()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.SignInAsync(app.BaseAddress);
        var large = new FilePayload { Name = "NVDA.csv", MimeType = "text/csv", Buffer = new byte[2 * AppFixture.MaxUploadBytes] };

        await tab.Page.Locator("#upload-files").SetInputFilesAsync(large);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();

        var progress = tab.Page.Locator("#upload-progress");
        Assert.Equal("failed", await progress.GetAttributeAsync("data-state"));
        Assert.Equal("These files come to 2 MB, more than the limit of 1 MB per upload.", await progress.InnerTextAsync());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs"));
    }

    [Fact]
    public async Task The_header_offers_sign_in_to_visitors_and_the_admin_links_to_a_signed_in_admin()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        var nav = tab.Page.Locator(".site-nav");

        await tab.Page.GotoAsync("/");
        Assert.Equal(["MarketShock", "Home", "Shocks", "Companies", "Sign in"], await NavItems(nav));

        await tab.SignInAsync(app.BaseAddress);
        Assert.Equal(["MarketShock", "Home", "Shocks", "Companies", "Uploads", "Imports", "Events", "Edit companies", "Audit", "Sign out"], await NavItems(nav));

        await nav.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await tab.ArrivedAtAsync(new Uri(app.BaseAddress, "/"));
        Assert.Equal(["MarketShock", "Home", "Shocks", "Companies", "Sign in"], await NavItems(nav));
        Assert.Empty(tab.Problems);
    }

    [Theory]
    [InlineData("desktop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task The_admin_pages_load_cleanly_and_fit_the_screen_width(string device, int width, int height)
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, new ViewportSize { Width = width, Height = height });
        await tab.Page.GotoAsync("/admin/signin");
        await tab.ScreenshotAsync($"admin-signin-{device}.png");
        await AssertFitsAsync(tab, device, width);
        await tab.SignInAsync(app.BaseAddress);
        await tab.Page.Locator("#upload-files").SetInputFilesAsync([Nvda, BadAmd]);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        // AMD.csv is rejected, so the upload ends marked as failed.
        await tab.Page.Locator("#upload-progress[data-state=failed]").WaitForAsync();
        var rejected = await app.ScalarAsync<long>("SELECT id FROM import_logs WHERE status = 'Rejected'");

        foreach (var (path, name) in new[] { ("/admin/uploads", "uploads"), ("/admin/imports", "imports"), ($"/admin/imports/{rejected}", "import") })
        {
            var response = await tab.Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            await tab.ScreenshotAsync($"admin-{name}-{device}.png");

            Assert.Equal(200, response!.Status);
            await AssertFitsAsync(tab, $"{device} {path}", width);
        }
        Assert.Equal(2, await tab.Page.Locator("#errors tbody tr").CountAsync());
        Assert.Empty(tab.Problems);
    }

    private static ILocator Result(BrowserPage tab, string fileName) => tab.Page.Locator($"#upload-results tbody.result[data-file='{fileName}']");

    private static async Task<string[]> NavItems(ILocator nav) =>
        [.. (await nav.Locator(":scope > a, .nav-admin a, .nav-admin button").AllInnerTextsAsync()).Select(t => t.Replace("▼", "", StringComparison.Ordinal).Trim())];

    /// <summary>Nothing sticks out sideways: only wide tables may, and they scroll inside their own container.</summary>
    private static async Task AssertFitsAsync(BrowserPage tab, string what, int width)
    {
        var (scrollWidth, innerWidth) = await tab.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]") switch
        {
            [var scroll, var inner] => (scroll, inner),
            var other => throw new InvalidOperationException($"unexpected widths {string.Join(',', other)}"),
        };
        var overflowing = await tab.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => !e.parentElement?.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${[...e.classList].map(c => '.' + c).join('')} right=${Math.round(e.getBoundingClientRect().right)}`)
            """);
        Assert.Equal(width, innerWidth);
        Assert.True(scrollWidth <= innerWidth, $"{what}: the page is {scrollWidth}px wide in a {innerWidth}px window; sticking out: {string.Join("; ", overflowing)}");
        Assert.Empty(overflowing);
        // The results of an upload are cards on a phone: they must not need sideways scrolling even inside their container.
        var results = tab.Page.Locator(".table-scroll:has(#upload-results)");
        if (width < 640 && await results.CountAsync() > 0)
            Assert.True(await results.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), $"{what}: the upload results scroll sideways");
    }
}
