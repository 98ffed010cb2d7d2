using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketShock.Pages;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages;

/// <summary>/compare in Chromium over the reader data: two of the market's shocks overlaid on day 0 (<see cref="ReaderData.Market.Compare"/>).</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompareTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private static readonly int[] TableDays = [0, 5, 20, 60];
    private readonly HttpClient _client = app.CreateClient();
    private ReaderData.Market _market = ReaderData.Current;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _client.Dispose();

    private string[] Events =>
    [
        $"{_market.Ticker}:{_market.ShockDate:yyyy-MM-dd}", $"{_market.OtherTicker}:{_market.OtherShockDate:yyyy-MM-dd}",
    ];

    [Fact]
    public async Task Each_event_is_one_line_aligned_on_day_0_at_its_own_change_and_at_0_the_day_before()
    {
        await using var tab = await OpenAsync(_market.Compare, Browser.Desktop);

        var datasets = await Datasets(tab);

        Assert.Equal(Events.Length, datasets.GetArrayLength());
        for (var i = 0; i < Events.Length; i++)
        {
            var (ticker, date) = (Events[i].Split(':')[0], Events[i].Split(':')[1]);
            var day = await _client.GetJsonAsync($"/api/companies/{ticker}/{date}");
            // The legend names the event, and says what happened when it is labelled (cut short on a long label).
            var legend = datasets[i].Text("label");
            Assert.StartsWith($"{ticker} {Display.ShortDay(DateOnly.Parse(date, CultureInfo.InvariantCulture))}", legend);
            if (day.GetProperty("label").GetString() is { } label)
                Assert.Contains(label[..Math.Min(label.Length, 30)], legend);
            var points = datasets[i].GetProperty("data").EnumerateArray().ToDictionary(p => p.GetProperty("x").GetInt32(), p => p.GetProperty("y").GetDouble());
            Assert.Equal(day.Number("changePct"), points[0], 9);
            Assert.Equal(0, points[-1], 12);
            Assert.Equal(-10, points.Keys.Min());
        }
        var axis = await tab.Page.EvaluateAsync<JsonElement>("""
            () => { const c = Chart.getChart(document.getElementById('compare-chart'));
                    return { type: c.options.scales.x.type, day0: c.options.plugins.annotation.annotations.day0.xMin }; }
            """);
        Assert.Equal(("linear", 0), (axis.Text("type"), axis.GetProperty("day0").GetInt32()));
    }

    [Fact]
    public async Task The_table_shows_day_0_5_20_and_60_as_the_api_does_and_a_dash_where_the_data_ends()
    {
        var api = (await _client.GetJsonAsync($"/api/compare?events={string.Join(',', Events)}")).GetProperty("events");
        await using var tab = await OpenAsync(_market.Compare, Browser.Desktop);

        var rows = tab.Page.Locator("#compare-figures tbody tr");
        Assert.Equal(api.GetArrayLength(), await rows.CountAsync());
        for (var i = 0; i < api.GetArrayLength(); i++)
        {
            var days = api[i].GetProperty("days").EnumerateArray().Select(d => d.GetInt32()).ToList();
            var values = api[i].GetProperty("cumulativePct").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var cells = await rows.Nth(i).Locator("td").AllInnerTextsAsync();
            Assert.Equal(TableDays.Select(d => days.IndexOf(d) is var at and >= 0 ? Display.Percent(values[at]) : "—"),
                cells.Select(c => c.Split(' ', '\u00a0').Last()));
        }
        // The company's last day in the data has no +5, +20 or +60 yet.
        var last = (await _client.GetJsonAsync("/api/companies")).EnumerateArray().Single(c => c.Text("ticker") == _market.Ticker).Text("lastDate");
        await tab.Page.GotoAsync($"/compare?events={_market.Ticker}:{last}");
        Assert.Equal(["—", "—", "—"], (await tab.Page.Locator("#compare-figures tbody tr td").AllInnerTextsAsync()).Skip(1));
    }

    [Fact]
    public async Task The_events_may_come_url_encoded_as_the_permalink_page_links_them()
    {
        var encoded = Uri.EscapeDataString(string.Join(',', Events));
        Assert.Contains("%3A", encoded, StringComparison.Ordinal);
        await using var tab = await OpenAsync($"/compare?events={encoded}", Browser.Desktop);

        Assert.Equal(Events.Length, (await Datasets(tab)).GetArrayLength());
        Assert.Equal(string.Join(',', Events), await tab.Page.Locator("#events").InputValueAsync());
    }

    [Fact]
    public async Task The_form_adds_an_event_and_a_remove_link_takes_one_out_without_scripts()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);
        await tab.Page.GotoAsync("/compare");

        await tab.Page.Locator("#events").FillAsync(Events[0].ToLowerInvariant());
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await tab.Page.WaitForURLAsync(new Regex("/compare\\?events="));
        Assert.Equal(1, await tab.Page.Locator("#compare-figures tbody tr").CountAsync());

        await tab.Page.Locator("#events").FillAsync($"{Events[0]}, {Events[1]}");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await tab.Page.WaitForFunctionAsync("() => document.querySelectorAll('#compare-figures tbody tr').length === 2");
        await tab.Page.Locator("#compare-figures tbody tr").First.GetByRole(AriaRole.Link, new() { NameRegex = new("^Remove") }).ClickAsync();
        await tab.Page.WaitForFunctionAsync("() => document.querySelectorAll('#compare-figures tbody tr').length === 1");
        Assert.Equal(Events[1], await tab.Page.Locator("#compare-figures tbody tr").GetAttributeAsync("data-event"));
    }

    [Theory]
    [InlineData("ZZZZ:2025-01-27", "ZZZZ")]
    [InlineData("{0}:2031-01-01", "2031-01-01")]
    [InlineData("{0}-2025-01-27", "-2025-01-27")]
    public async Task A_bad_event_answers_400_with_a_message_naming_it_and_keeps_what_was_typed(string pattern, string named)
    {
        var typed = string.Format(CultureInfo.InvariantCulture, pattern, _market.Ticker);
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/compare?events={Uri.EscapeDataString(typed)}");

        Assert.Equal(400, response!.Status);
        Assert.Contains(named, await tab.Page.Locator("#compare-errors").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(typed, await tab.Page.Locator("#events").InputValueAsync());
    }

    [Fact]
    public async Task Without_events_the_page_explains_and_proposes_the_worst_shocks()
    {
        var worst = (await _client.GetJsonAsync("/api/shocks?shocksOnly=true&limit=8")).GetProperty("items");
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync("/compare");

        Assert.Equal(200, response!.Status);
        Assert.True(await tab.Page.Locator("#compare-empty").IsVisibleAsync());
        var proposals = tab.Page.Locator("#compare-proposals a");
        Assert.Equal(worst.EnumerateArray().Select(s => $"{s.Text("ticker")} {Display.ShortDay(DateOnly.Parse(s.Text("date"), CultureInfo.InvariantCulture))}"),
            await proposals.AllInnerTextsAsync());
        await tab.Page.Locator("#compare-worst").ClickAsync();
        await tab.Page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('compare-chart'))");
        Assert.Equal(Math.Min(5, worst.GetArrayLength()), (await Datasets(tab)).GetArrayLength());
    }

    private async Task<BrowserPage> OpenAsync(string url, ViewportSize viewport, ColorScheme scheme = ColorScheme.Light)
    {
        var tab = await browser.OpenAsync(app.BaseAddress, viewport, scheme);
        var response = await tab.Page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, response!.Status);
        await tab.Page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('compare-chart'))");
        return tab;
    }

    private static Task<JsonElement> Datasets(BrowserPage tab) => tab.Page.EvaluateAsync<JsonElement>(
        "() => Chart.getChart(document.getElementById('compare-chart')).data.datasets.map(d => ({ label: d.label, data: d.data }))");
}
