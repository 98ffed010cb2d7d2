using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Companies;

/// <summary>/companies/{ticker} in a real Chromium: the history chart, its ranges, zoom and log scale, the tables and the 404.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompanyPageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private const int ChartCap = 1000;
    private const string History = "Chart.getChart(document.getElementById('history-chart'))";
    private readonly HttpClient _client = app.CreateClient();
    private ReaderData.Market _market = ReaderData.Current;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task The_one_year_chart_draws_every_trading_day_of_the_last_year_of_data()
    {
        var last = DateOnly.Parse((await DatesAsync(null))[^1], CultureInfo.InvariantCulture);
        var from = last.AddYears(-1).AddDays(1);
        var expected = await DatesAsync(from);
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}?range=1y");

        var drawn = await tab.Page.EvaluateAsync<long[]>($"() => {History}.data.datasets[0].data.map(p => p.x)");

        Assert.Equal(expected.Select(Time), drawn);
        Assert.Equal(Time(Iso(from)), await XAsync(tab, "min"));
        Assert.Equal(Time(Iso(last)), await XAsync(tab, "max"));
    }

    [Fact]
    public async Task The_whole_history_is_thinned_to_the_cap_and_marks_every_shock_with_a_link_to_its_day()
    {
        var days = (await DatesAsync(null)).Count;
        var shocks = await _client.GetFromJsonAsync<JsonElement>($"/api/shocks?ticker={_market.Ticker}&shocksOnly=true&limit=500");
        var shockDates = shocks.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("date").GetString()!).Order().ToList();
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}?range=max");

        var drawn = await tab.Page.EvaluateAsync<int>($"() => {History}.data.datasets[0].data.length");
        var markers = await tab.Page.EvaluateAsync<JsonElement>($"() => {History}.data.datasets[1].data.filter(p => p.y !== null)");

        Assert.NotEmpty(shockDates);
        Assert.True(drawn <= ChartCap + shockDates.Count, $"{drawn} points for {days} days and {shockDates.Count} shocks");
        Assert.True(days <= ChartCap ? drawn == days : drawn < days, $"{drawn} points for {days} days");
        Assert.Equal(shockDates.Select(Time), markers.EnumerateArray().Select(m => m.GetProperty("x").GetInt64()));
        Assert.Equal(shockDates.Select(d => $"/companies/{_market.Ticker}/{d}"), markers.EnumerateArray().Select(m => m.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task Clicking_the_marker_of_the_worst_day_opens_its_permalink()
    {
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}");
        var box = await tab.Page.Locator("#history-chart").BoundingBoxAsync();
        var marker = await tab.Page.EvaluateAsync<double[]>($$"""
            () => {
              const chart = {{History}};
              const index = chart.data.datasets[1].data.findIndex(p => p.x === {{Time(Iso(_market.ShockDate))}});
              const element = chart.getDatasetMeta(1).data[index];
              return [element.x, element.y];
            }
            """);

        await tab.Page.Mouse.ClickAsync((float)(box!.X + marker[0]), (float)(box.Y + marker[1]));
        await tab.Page.WaitForURLAsync($"**{_market.Permalink}");

        Assert.EndsWith(_market.Permalink, tab.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_range_links_change_the_address_and_the_time_axis_and_mark_the_current_range()
    {
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}");
        var (allFrom, allTo) = (await XAsync(tab, "min"), await XAsync(tab, "max"));
        var oneYear = tab.Page.GetByRole(AriaRole.Link, new() { Name = "1Y", Exact = true });
        Assert.Equal($"/companies/{_market.Ticker}?range=1y", await oneYear.GetAttributeAsync("href"));
        Assert.Equal("true", await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Max", Exact = true }).GetAttributeAsync("aria-current"));

        await oneYear.ClickAsync();
        await tab.Page.WaitForURLAsync("**?range=1y");
        await tab.Page.WaitForFunctionAsync($"() => {History}");

        var (yearFrom, yearTo) = (await XAsync(tab, "min"), await XAsync(tab, "max"));
        Assert.Equal(allTo, yearTo);
        Assert.True(yearFrom > allFrom, $"the 1Y axis starts at {yearFrom}, the whole history's at {allFrom}");
        Assert.InRange(yearTo - yearFrom, 364 * Day, 366 * Day);
        Assert.Equal("true", await tab.Page.GetByRole(AriaRole.Link, new() { Name = "1Y", Exact = true }).GetAttributeAsync("aria-current"));
        Assert.Null(await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Max", Exact = true }).GetAttributeAsync("aria-current"));
    }

    [Fact]
    public async Task The_wheel_zooms_the_time_axis_and_reset_zoom_restores_it()
    {
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}?range=1y");
        var (from, to) = (await XAsync(tab, "min"), await XAsync(tab, "max"));
        var box = await tab.Page.Locator("#history-chart").BoundingBoxAsync();

        await tab.Page.Mouse.MoveAsync(box!.X + box.Width / 2, box.Y + box.Height / 2);
        await tab.Page.Mouse.WheelAsync(0, -500);
        await tab.Page.WaitForFunctionAsync($"() => {History}.scales.x.max - {History}.scales.x.min < {to - from}");
        var (zoomedFrom, zoomedTo) = (await XAsync(tab, "min"), await XAsync(tab, "max"));
        Assert.True(zoomedFrom > from || zoomedTo < to, $"still {zoomedFrom}–{zoomedTo}");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Reset zoom" }).ClickAsync();

        Assert.Equal((from, to), (await XAsync(tab, "min"), await XAsync(tab, "max")));
    }

    [Fact]
    public async Task The_tooltip_shows_the_day_its_close_its_market_cap_and_its_change()
    {
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}?range=1y");
        var box = await tab.Page.Locator("#history-chart").BoundingBoxAsync();

        await tab.Page.Mouse.MoveAsync(box!.X + box.Width / 2, box.Y + box.Height / 2);
        await tab.Page.WaitForFunctionAsync($"() => {History}.tooltip.opacity > 0");

        var title = await tab.Page.EvaluateAsync<string>($"() => {History}.tooltip.title[0]");
        var lines = await tab.Page.EvaluateAsync<string[]>($"() => {History}.tooltip.body.flatMap(b => b.lines)");
        Assert.Matches(@"^(Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} \d{4}$", title);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Close \$[\d,]+\.\d{2}$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Market cap \$\d+(\.\d+)?[KMBT]"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Change (▲ \+|▼ −)?\d+\.\d{2}%$"));
    }

    [Fact]
    public async Task The_log_scale_button_makes_the_value_axis_logarithmic_with_round_money_ticks()
    {
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}");
        var button = tab.Page.GetByRole(AriaRole.Button, new() { Name = "Log scale" });

        await button.ClickAsync();

        Assert.Equal("true", await button.GetAttributeAsync("aria-pressed"));
        Assert.Equal("logarithmic", await tab.Page.EvaluateAsync<string>($"() => {History}.scales.y.type"));
        var labels = await LabelsAsync(tab);
        Assert.InRange(labels.Length, 2, 10);
        Assert.All(labels, l => Assert.Matches(@"^\$\d+(\.\d)?[KMBT]?$", l));

        await button.ClickAsync();
        Assert.Equal("linear", await tab.Page.EvaluateAsync<string>($"() => {History}.scales.y.type"));
    }

    [SampleDataFact]
    public async Task Nvidias_log_scale_reads_in_round_hundreds_of_billions_and_trillions()
    {
        await using var tab = await OpenAsync("/companies/NVDA");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Log scale" }).ClickAsync();

        var labels = await LabelsAsync(tab);
        Assert.Contains("$100B", labels);
        Assert.Contains("$1T", labels);
    }

    [Fact]
    public async Task The_worst_days_table_starts_with_the_companys_worst_day_linked_to_its_permalink()
    {
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}");

        var first = tab.Page.Locator("#worst-days tbody tr").First;

        Assert.Equal(10, await tab.Page.Locator("#worst-days tbody tr").CountAsync());
        Assert.Equal(_market.Permalink, await first.Locator("a").GetAttributeAsync("href"));
        Assert.Equal(10, await tab.Page.Locator("#best-days tbody tr").CountAsync());
        Assert.StartsWith("▲", await tab.Page.Locator("#best-days tbody tr td:nth-child(3)").First.InnerTextAsync(), StringComparison.Ordinal);
    }

    [SampleDataFact]
    public async Task Nvidias_worst_day_is_the_DeepSeek_day_of_minus_592_7_billion()
    {
        await using var tab = await OpenAsync("/companies/NVDA");

        var cells = await tab.Page.Locator("#worst-days tbody tr").First.Locator("td").AllInnerTextsAsync();

        // Date, ΔM, change, sigma, close.
        Assert.Equal(["Mon 27 Jan 2025", "−$592.7B", "▼ −16.97%", "−5.1σ", "$118.42"], cells.Select(c => c.Replace('\u00a0', ' ').Trim()));
    }

    [Fact]
    public async Task A_ticker_in_another_case_is_redirected_permanently_keeping_the_query()
    {
        using var response = await _client.GetAsync($"/companies/{_market.Ticker.ToLowerInvariant()}?range=1y");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/companies/{_market.Ticker}?range=1y", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_ticker_answers_404_with_links_to_the_tickers_that_resemble_it()
    {
        var asked = _market.Ticker[..^1] + "X";
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/companies/{asked}");

        Assert.Equal(404, response!.Status);
        Assert.Contains(asked, await tab.Page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal($"/companies/{_market.Ticker}", await tab.Page.Locator(".suggestions a", new() { HasTextString = _market.Ticker }).GetAttributeAsync("href"));
    }

    private const long Day = 86_400_000;

    private async Task<BrowserPage> OpenAsync(string path, ViewportSize? viewport = null, ColorScheme scheme = ColorScheme.Light)
    {
        var tab = await browser.OpenAsync(app.BaseAddress, viewport ?? Browser.Desktop, scheme);
        var response = await tab.Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, response!.Status);
        await tab.Page.WaitForFunctionAsync($"() => window.Chart && {History}");
        return tab;
    }

    private async Task<List<string>> DatesAsync(DateOnly? from)
    {
        var query = from is { } day ? $"?from={Iso(day)}" : "";
        var series = await _client.GetFromJsonAsync<JsonElement>($"/api/companies/{_market.Ticker}/series{query}");
        return [.. series.GetProperty("dates").EnumerateArray().Select(d => d.GetString()!)];
    }

    private static Task<long> XAsync(BrowserPage tab, string end) => tab.Page.EvaluateAsync<long>($"() => Math.round({History}.scales.x.{end})");

    private static Task<string[]> LabelsAsync(BrowserPage tab) => tab.Page.EvaluateAsync<string[]>($"() => {History}.scales.y.ticks.map(t => t.label)");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long Time(string iso) =>
        new DateTimeOffset(DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
