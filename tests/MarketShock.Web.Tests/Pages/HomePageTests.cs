using System.Globalization;
using System.Text.Json;
using MarketShock.Pages;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>The home page as a visitor sees it, in a real headless Chromium against the running site.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class HomePageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task With_no_data_the_home_page_explains_how_to_import_and_draws_no_chart()
    {
        await app.ResetAsync();
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/");

        Assert.Equal("Tech-stock market shocks", await tab.Page.Locator("h1").InnerTextAsync());
        var empty = tab.Page.Locator("#empty-state");
        Assert.True(await empty.GetByRole(AriaRole.Heading, new() { Name = "No prices yet" }).IsVisibleAsync());
        Assert.Contains("dotnet run --project src/MarketShock.Web -- import <files-or-folders>", await empty.Locator("code").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/admin/uploads", await empty.GetByRole(AriaRole.Link, new() { Name = "/admin/uploads" }).GetAttributeAsync("href"));
        Assert.Equal(0, await tab.Page.Locator("canvas").CountAsync());
        Assert.Equal(0, await tab.Page.Locator("table").CountAsync());
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task The_headline_is_the_largest_loss_first_on_the_page_and_links_to_its_permalink()
    {
        await ReaderData.EnsureAsync(app);
        var worst = (await _client.GetJsonAsync("/api/shocks?limit=1")).GetProperty("items")[0];
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Phone);

        await tab.Page.GotoAsync("/");

        var figure = tab.Page.Locator(".headline-figure");
        var mainText = await tab.Page.Locator("main").InnerTextAsync();
        Assert.StartsWith(await figure.InnerTextAsync(), mainText.TrimStart(), StringComparison.Ordinal);
        var box = (await figure.BoundingBoxAsync())!;
        Assert.True(box.Y + box.Height <= Browser.Phone.Height, $"the headline figure ends at {box.Y + box.Height}px, below the first screen");
        var link = tab.Page.Locator("h1 a");
        Assert.Equal(new Uri(worst.Text("permalink")).AbsolutePath, await link.GetAttributeAsync("href"));
        var day = DateOnly.ParseExact(worst.Text("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
        Assert.EndsWith($" on {day}", await link.InnerTextAsync(), StringComparison.Ordinal);
    }

    [SampleDataFact]
    public async Task On_the_real_data_the_headline_is_Nvidias_loss_of_27_January_2025()
    {
        await ReaderData.EnsureAsync(app);
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/");

        Assert.Equal("−$592.7B", await tab.Page.Locator(".headline-figure").InnerTextAsync());
        var link = tab.Page.Locator("h1 a");
        Assert.Equal("NVIDIA lost $592.7 billion (−16.97%) on Mon 27 Jan 2025", await link.InnerTextAsync());
        Assert.Equal("/companies/NVDA/2025-01-27", await link.GetAttributeAsync("href"));
        Assert.Contains("335 shocks", await tab.Page.Locator("#data-context").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leaderboard_shows_the_ten_worst_down_days_and_recent_shocks_the_newest_shocks()
    {
        await ReaderData.EnsureAsync(app);
        var top = ApiData.ShockKeys((await _client.GetJsonAsync("/api/shocks?limit=10")).GetProperty("items"));
        var (_, shocks) = await ReaderChecks.AllShocksAsync(_client, "shocksOnly=true");
        // Newest first; on one date the worst first, as the leaderboard breaks ties.
        var newest = shocks.Select((s, rank) => (Key: $"{s.Text("ticker")} {s.Text("date")}", Date: s.Text("date"), Rank: rank))
            .OrderByDescending(s => s.Date, StringComparer.Ordinal).ThenBy(s => s.Rank).Take(10).Select(s => s.Key).ToArray();
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/");

        Assert.Equal(10, top.Length);
        Assert.Equal(top, await ReaderChecks.RowKeysAsync(tab.Page, "top"));
        Assert.Equal(Math.Min(10, shocks.Count), newest.Length);
        Assert.Equal(newest, await ReaderChecks.RowKeysAsync(tab.Page, "recent"));
    }

    [Fact]
    public async Task The_worst_market_days_link_to_their_day_pages_worst_first()
    {
        var market = await ReaderData.EnsureAsync(app);
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/");

        var dates = await tab.Page.Locator("#market-days tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.date)");
        Assert.InRange(dates.Length, 1, 10);
        var hrefs = await tab.Page.Locator("#market-days tbody tr th a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(dates.Select(d => $"/days/{d}"), hrefs);
        // Each day's total agrees with the market-day API, and no listed day lost less than the one after it.
        var totals = new List<double>();
        foreach (var date in dates)
            totals.Add(await MarketDayTotalAsync(date));
        Assert.Equal(totals.Order(), totals);
        if (market.IsSample)
            Assert.Contains(market.ShockDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dates);
    }

    [Fact]
    public async Task The_timeline_has_a_bubble_for_each_of_the_largest_shocks_with_a_market_cap_and_a_click_opens_its_permalink()
    {
        await ReaderData.EnsureAsync(app);
        var (_, all) = await ReaderChecks.AllShocksAsync(_client, "shocksOnly=true");
        // The API lists them the largest loss first, as the timeline picks them.
        var shocks = all.Take(IndexModel.TimelineLength).ToList();
        var placed = shocks.Where(s => s.GetProperty("marketCapChange").ValueKind == JsonValueKind.Number)
            .Select(s => new Uri(s.Text("permalink")).AbsolutePath).Order(StringComparer.Ordinal).ToArray();
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.Page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });

        var points = await tab.Page.EvaluateAsync<string[]>(
            "() => Chart.getChart(document.getElementById('timeline')).data.datasets.flatMap(d => d.data.map(p => p.url))");
        Assert.Equal(placed, points.Order(StringComparer.Ordinal));
        var unplaced = shocks.Count - placed.Length;
        var hint = await tab.Page.Locator("#timeline-title + .hint").InnerTextAsync();
        if (unplaced > 0)
            Assert.Contains($"{unplaced} shock{(unplaced == 1 ? " has" : "s have")} no market cap", hint, StringComparison.Ordinal);
        Assert.Equal(shocks.Count, await tab.Page.Locator("#timeline-table tbody tr").CountAsync());

        var canvas = tab.Page.Locator("#timeline");
        await canvas.ScrollIntoViewIfNeededAsync();
        // The biggest loss: the highest bubble, which nothing can cover.
        var target = await tab.Page.EvaluateAsync<JsonElement>("""
            () => {
                const chart = Chart.getChart(document.getElementById('timeline'));
                const data = chart.data.datasets[0].data;
                const i = data.reduce((best, p, j) => p.y > data[best].y ? j : best, 0);
                const point = chart.getDatasetMeta(0).data[i];
                return { x: point.x, y: point.y, url: data[i].url };
            }
            """);
        var box = (await canvas.BoundingBoxAsync())!;
        await tab.Page.Mouse.ClickAsync(box.X + (float)target.Number("x"), box.Y + (float)target.Number("y"));
        await tab.Page.WaitForURLAsync(new Uri(app.BaseAddress, target.Text("url")).ToString());
        Assert.Matches(@"^/companies/[A-Z0-9.\-^=]+/\d{4}-\d{2}-\d{2}$", new Uri(tab.Page.Url).AbsolutePath);
        Assert.Empty(tab.Problems);
    }

    [Fact]
    public async Task The_tooltip_of_a_labelled_shocks_bubble_says_what_happened_and_the_table_under_the_chart_has_the_label()
    {
        var market = await ReaderData.EnsureAsync(app);
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.Page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var canvas = tab.Page.Locator("#timeline");
        await canvas.ScrollIntoViewIfNeededAsync();

        var bubble = await tab.Page.EvaluateAsync<double[]>($$"""
            () => {
                const chart = Chart.getChart(document.getElementById('timeline'));
                const i = chart.data.datasets[0].data.findIndex(p => p.url === '{{market.Permalink}}');
                const point = chart.getDatasetMeta(0).data[i];
                return [point.x, point.y];
            }
            """);
        var box = (await canvas.BoundingBoxAsync())!;
        await tab.Page.Mouse.MoveAsync(box.X + (float)bubble[0], box.Y + (float)bubble[1]);
        await tab.Page.WaitForFunctionAsync("() => Chart.getChart(document.getElementById('timeline')).tooltip.opacity > 0");
        var lines = await tab.Page.EvaluateAsync<string[]>("() => Chart.getChart(document.getElementById('timeline')).tooltip.body.flatMap(b => b.lines)");

        var day = market.ShockDate.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
        Assert.StartsWith($"{day}: ", lines[0], StringComparison.Ordinal);
        Assert.Equal(market.ShockLabel, string.Join(" ", lines.Skip(1)));
        var row = tab.Page.Locator("#timeline-table tbody tr", new() { Has = tab.Page.Locator($"a[href='{market.Permalink}']") });
        // The table is folded in a <details>: its text is there, not rendered.
        Assert.Equal(market.ShockLabel, (await row.Locator("[data-figure=label]").TextContentAsync())?.Trim());
        Assert.Empty(tab.Problems);
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

    private async Task<double> MarketDayTotalAsync(string date) =>
        (await _client.GetJsonAsync($"/api/days/{date}")).Number("totalMarketCapChange");
}
