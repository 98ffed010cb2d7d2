using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>The home page as a visitor sees it, in a real headless Chromium against the running site.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class HomePageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private const string Header = "Date,Open,High,Low,Close,Adj Close,Volume";
    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task With_no_data_the_home_page_shows_the_empty_state_and_no_companies()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/");

        Assert.Equal("Tech-stock market shocks", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Equal("0", await Figure(tab, "companies"));
        Assert.Equal("0", await Figure(tab, "days"));
        Assert.Equal("never", await Figure(tab, "last-import"));
        Assert.True(await tab.Page.GetByRole(AriaRole.Heading, new() { Name = "No prices yet" }).IsVisibleAsync());
        Assert.Equal(0, await tab.Page.Locator("#companies").CountAsync());
    }

    [Fact]
    public async Task After_importing_two_Yahoo_files_the_home_page_shows_their_figures_and_a_row_per_company()
    {
        await ImportTwoCompaniesAsync();
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/");

        Assert.Equal("2", await Figure(tab, "companies"));
        Assert.Equal("7", await Figure(tab, "days"));
        Assert.Equal("2025-01-22 – 2025-01-28", await Figure(tab, "range"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", await Figure(tab, "last-import"));
        Assert.Equal(0, await tab.Page.GetByText("No prices yet").CountAsync());
        var rows = tab.Page.Locator("#companies tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        // Ticker, name (the ticker until companies are imported), sector, trading days, from, to, last close (N2).
        Assert.Equal(["AAPL", "AAPL", "—", "3", "2025-01-22", "2025-01-24", "1,224.50"], await Cells(rows, "AAPL"));
        Assert.Equal(["NVDA", "NVDA", "—", "4", "2025-01-23", "2025-01-28", "118.40"], await Cells(rows, "NVDA"));
    }

    [Theory]
    [InlineData("desktop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task The_home_page_loads_cleanly_and_fits_the_screen_width(string device, int width, int height)
    {
        await ImportTwoCompaniesAsync();
        await using var tab = await browser.OpenAsync(app.BaseAddress, new ViewportSize { Width = width, Height = height });

        var response = await tab.Page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await tab.ScreenshotAsync($"home-{device}.png");

        Assert.Equal(200, response!.Status);
        Assert.Empty(tab.Problems);
        Assert.Equal(2, await tab.Page.Locator("#companies tbody tr").CountAsync());
        var (scrollWidth, innerWidth) = await tab.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]") switch
        {
            [var scroll, var inner] => (scroll, inner),
            var other => throw new InvalidOperationException($"unexpected widths {string.Join(',', other)}"),
        };
        Assert.Equal(width, innerWidth);
        // Only the companies table may be wider than the screen, and it scrolls inside its own container.
        var overflowing = await tab.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => !e.parentElement?.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${[...e.classList].map(c => '.' + c).join('')} right=${Math.round(e.getBoundingClientRect().right)}`)
            """);
        Assert.True(scrollWidth <= innerWidth,
            $"{device}: the page is {scrollWidth}px wide in a {innerWidth}px window; sticking out: {string.Join("; ", overflowing)}");
        Assert.Empty(overflowing);
        // Each headline figure stays inside its card (a long date must wrap, not spill out).
        var spilling = await tab.Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.figure')].filter(f => f.scrollWidth > f.clientWidth).map(f => f.innerText)");
        Assert.Empty(spilling);
    }

    [Fact]
    public async Task An_unknown_address_shows_the_not_found_page_with_status_404()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync("/no/such/page");

        Assert.Equal(404, response!.Status);
        Assert.Equal("Not found", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.StartsWith("Not found", await tab.Page.TitleAsync(), StringComparison.Ordinal);
        Assert.True(await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the overview" }).IsVisibleAsync());
    }

    private async Task ImportTwoCompaniesAsync()
    {
        _files.Write("NVDA.csv", $"""
            {Header}
            2025-01-23,145.05,147.23,143.72,147.22,147.19,155915500
            2025-01-24,148.37,148.97,141.88,142.62,142.59,234657600
            2025-01-27,124.80,128.40,116.70,118.42,118.40,818830900
            2025-01-28,121.81,129.00,116.25,118.4,118.38,579666400
            """);
        // Four-figure closes, so that the table's N2 format shows its thousands separator too.
        _files.Write("AAPL.csv", $"""
            {Header}
            2025-01-22,1219.79,1224.12,1219.79,1223.83,1223.83,64126500
            2025-01-23,1224.74,1227.03,1222.30,1223.66,1223.66,60234800
            2025-01-24,1224.78,1225.63,1221.41,1224.5,1224.5,54697900
            """);

        var result = await app.RunAsync(["import", _files.Folder]);

        Assert.True(result.ExitCode == 0, $"import exited {result.ExitCode}: {result.Output} {result.Error}");
    }

    private static Task<string> Figure(BrowserPage tab, string name) => tab.Page.Locator($"[data-figure='{name}']").InnerTextAsync();

    private static async Task<string[]> Cells(ILocator rows, string ticker)
    {
        var row = rows.Filter(new() { Has = rows.Page.Locator("th", new() { HasTextString = ticker }) });
        return [.. await row.Locator("th, td").AllInnerTextsAsync()];
    }
}
