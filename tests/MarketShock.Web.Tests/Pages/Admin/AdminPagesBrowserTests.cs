using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>The audit and company pages in Chromium, at desktop and phone width, light and dark: no console error, nothing
/// sticking out sideways (the tables scroll in their own box), nothing serious for axe-core. Screenshots are left for people.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class AdminPagesBrowserTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private readonly Files _files = new();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("companies", "companies.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "NVDA.csv")));
        // What makes a table wide: a long email typed at sign-in, an IPv6 address, a long edit.
        await app.ExecuteAsync($"""
            INSERT INTO audit_entries (at, who, address, action, details) VALUES
            (now() - interval '1 hour', 'someone.with.a.very.long.address@subdomain.example.com', '2001:db8:85a3::8a2e:370:7334', 'sign-in.failed', 'no admin has this email'),
            (now() - interval '1 hour', '{AdminSession.Email}', '192.0.2.10', 'company.edited',
             'TSM: name Taiwan Semiconductor Manufacturing Company Limited → Taiwan Semiconductor Manufacturing Company Limited (ADR); sector Technology → Semiconductors'),
            (now() - interval '2 hours', 'root', NULL, 'admin.password-changed', '{AdminSession.Email}: a new password; every session of this admin ends')
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("audit", "desktop", "light")]
    [InlineData("audit", "phone", "light")]
    [InlineData("audit", "phone", "dark")]
    [InlineData("companies", "desktop", "light")]
    [InlineData("companies", "phone", "light")]
    [InlineData("company-edit", "desktop", "light")]
    [InlineData("company-edit", "phone", "dark")]
    public async Task The_page_loads_cleanly_fits_the_screen_and_has_no_serious_accessibility_violation(string page, string size, string scheme)
    {
        var viewport = size == "phone" ? Browser.Phone : Browser.Desktop;
        await using var tab = await browser.OpenAsync(app.BaseAddress, viewport, scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);
        var path = page switch { "audit" => "/admin/audit", "companies" => "/admin/companies", _ => "/admin/companies/NVDA" };
        await tab.SignInAsync(app.BaseAddress, path);
        await tab.ScreenshotAsync($"admin-{page}-{size}{(scheme == "dark" ? "-dark" : "")}.png");

        Assert.True(tab.Problems.Count == 0, string.Join("\n", tab.Problems));
        Assert.Equal(page == "company-edit" ? "Edit NVDA" : page == "audit" ? "Audit" : "Companies", await tab.Page.Locator("h1").InnerTextAsync());
        var (overflow, culprits) = await tab.HorizontalOverflowAsync();
        Assert.True(overflow <= 0 && culprits.Length == 0, $"{page} at {size} scrolls sideways by {overflow}px; sticking out: {string.Join("; ", culprits)}");
        var violations = await tab.AccessibilityViolationsAsync();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task An_admin_edits_a_company_in_the_browser_and_the_audit_shows_it_first()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Phone);
        await tab.SignInAsync(app.BaseAddress, "/admin/companies");

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Edit NVDA" }).ClickAsync();
        await tab.Page.GetByLabel("Sector").FillAsync("Semiconductors");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save NVDA" }).ClickAsync();
        await tab.ArrivedAtAsync(new Uri(app.BaseAddress, "/admin/companies"));

        Assert.Equal("Saved NVDA.", await tab.Page.GetByRole(AriaRole.Status).InnerTextAsync());
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await tab.ArrivedAtAsync(new Uri(app.BaseAddress, "/admin/audit"));
        Assert.Equal("NVDA: sector Technology → Semiconductors", await tab.Page.Locator("#audit tbody tr").First.Locator("td").Last.InnerTextAsync());
        Assert.Empty(tab.Problems);
    }
}
