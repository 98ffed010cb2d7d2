using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>
/// Every reader page as a visitor sees it, at desktop and phone widths and in light and dark mode: it loads with
/// no console error and no failed request, draws every chart it has, shows its headline figure on the first
/// screen, fits the screen, and axe-core finds nothing serious. The screenshots are left in the test output's
/// screenshots folder (CI keeps them with the results) for people to look at.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ReaderPagesTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private static readonly string[] Sizes = ["desktop", "phone"];
    private static readonly string[] Schemes = ["light", "dark"];

    private ReaderData.Market _market = ReaderData.Current;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> Pages() =>
        Combinations("home", "shocks", "shocks-every-down-day", "companies", "company", "company-1y", "benchmark", "permalink", "day", "compare", "compare-empty");

    public static TheoryData<string, string, string> MissingPages() => Combinations("unknown-ticker", "day-without-data", "no-market-day");

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_loads_cleanly_draws_its_charts_fits_the_screen_and_has_no_serious_accessibility_violation(string page, string size, string scheme)
    {
        var viewport = size == "phone" ? Browser.Phone : Browser.Desktop;
        await using var tab = await browser.OpenAsync(app.BaseAddress, viewport, scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);

        var response = await tab.Page.GotoAsync(PathOf(page), new() { WaitUntil = WaitUntilState.NetworkIdle });
        var undrawn = await UndrawnChartsAsync(tab.Page);
        await tab.ScreenshotAsync($"{page}-{size}{(scheme == "dark" ? "-dark" : "")}.png");

        Assert.Equal(200, response!.Status);
        Assert.True(tab.Problems.Count == 0, string.Join("\n", tab.Problems));
        Assert.True(undrawn.Length == 0, $"canvases without a chart: {string.Join(", ", undrawn)}");
        var headline = tab.Page.Locator(".headline-figure").First;
        if (await headline.CountAsync() > 0)
        {
            var box = (await headline.BoundingBoxAsync())!;
            Assert.True(box.Y + box.Height <= viewport.Height, $"the headline figure ends at {box.Y + box.Height}px, below the first screen");
        }
        await AssertFitsAndAccessibleAsync(tab, page, size);
    }

    [Theory]
    [MemberData(nameof(MissingPages))]
    public async Task A_page_of_missing_data_answers_404_and_is_as_readable_as_the_others(string page, string size, string scheme)
    {
        var viewport = size == "phone" ? Browser.Phone : Browser.Desktop;
        await using var tab = await browser.OpenAsync(app.BaseAddress, viewport, scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);

        var response = await tab.Page.GotoAsync(PathOf(page), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await tab.ScreenshotAsync($"{page}-{size}{(scheme == "dark" ? "-dark" : "")}.png");

        Assert.Equal(404, response!.Status);
        // Chromium reports the document's own 404 on the console; nothing else may go wrong.
        Assert.True(tab.Problems.All(p => p.Contains("404", StringComparison.Ordinal)), string.Join("\n", tab.Problems));
        Assert.True(await tab.Page.Locator("main a[href]").CountAsync() > 1, "the page offers no way on");
        await AssertFitsAndAccessibleAsync(tab, page, size);
    }

    [Theory]
    [InlineData("permalink")]
    [InlineData("company")]
    [InlineData("shocks")]
    public async Task The_keyboard_reaches_the_links_and_buttons_and_shows_where_it_is(string page)
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.Page.GotoAsync(PathOf(page), new() { WaitUntil = WaitUntilState.NetworkIdle });

        var reached = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
            // What has the focus, and how thick the outline drawn around it is. Within a date field the focus may be on the
            // browser's own calendar button, which draws its own ring: the field itself then has no :focus.
            var focused = await tab.Page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement; const style = getComputedStyle(e);
                        return [e.tagName.toLowerCase(), (e.textContent || e.name || '').trim().slice(0, 30), style.outlineStyle, style.outlineWidth,
                                String(e.matches(':focus'))]; }
                """);
            reached.Add(focused[1]);
            Assert.True(focused[0] is "a" or "button" or "input" or "select" or "summary" or "div", $"Tab {i + 1} reached a {focused[0]}");
            Assert.True(focused[4] == "false" || focused[2] != "none" && double.Parse(focused[3].TrimEnd('p', 'x'), System.Globalization.CultureInfo.InvariantCulture) >= 2,
                $"'{focused[1]}' ({focused[0]}) has the focus but no visible outline ({focused[2]} {focused[3]})");
        }
        Assert.True(reached.Distinct().Count() > 5, $"Tab went round only {string.Join(", ", reached.Distinct())}");
    }

    private string PathOf(string page) => page switch
    {
        "home" => "/",
        "shocks" => "/shocks",
        "shocks-every-down-day" => "/shocks?shocksOnly=false&sort=sigma",
        "companies" => "/companies",
        "company" => $"/companies/{_market.Ticker}",
        "company-1y" => $"/companies/{_market.Ticker}?range=1y",
        "benchmark" => $"/companies/{_market.Benchmark}",
        "permalink" => _market.Permalink,
        "day" => _market.MarketDay,
        "compare" => _market.Compare,
        "compare-empty" => "/compare",
        "unknown-ticker" => $"/companies/{_market.Ticker[..^1]}X/{_market.ShockDate:yyyy-MM-dd}",
        "day-without-data" => $"/companies/{_market.Ticker}/2030-01-05",
        "no-market-day" => "/days/2030-01-05",
        _ => throw new ArgumentOutOfRangeException(nameof(page), page, "no such page in this test"),
    };

    private static TheoryData<string, string, string> Combinations(params string[] pages)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var page in pages)
        {
            foreach (var size in Sizes)
            {
                foreach (var scheme in Schemes)
                    data.Add(page, size, scheme);
            }
        }
        return data;
    }

    /// <summary>The ids of the canvases that have no Chart.js chart a second after the page settled.</summary>
    private static async Task<string[]> UndrawnChartsAsync(IPage page)
    {
        const string Undrawn = "() => [...document.querySelectorAll('canvas')].filter(c => !(window.Chart && Chart.getChart(c))).map(c => c.id || '(no id)')";
        try
        {
            await page.WaitForFunctionAsync($"() => ({Undrawn})().length === 0", null, new() { Timeout = 1000 });
        }
        catch (TimeoutException)
        {
        }
        return await page.EvaluateAsync<string[]>(Undrawn);
    }

    private static async Task AssertFitsAndAccessibleAsync(BrowserPage tab, string page, string size)
    {
        var (overflow, culprits) = await tab.HorizontalOverflowAsync();
        Assert.True(overflow <= 0 && culprits.Length == 0, $"{page} at {size} scrolls sideways by {overflow}px; sticking out: {string.Join("; ", culprits)}");
        var violations = await tab.AccessibilityViolationsAsync();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
