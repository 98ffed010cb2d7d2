using System.Globalization;
using System.Net;
using System.Text.Json;
using MarketShock.Pages;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Days;

/// <summary>/days/{date} in Chromium, over the reader data (the real market with MARKETSHOCK_SAMPLE_DATA, else a generated one).</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class MarketDayPageTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();
    private ReaderData.Market _market = ReaderData.Current;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _client.Dispose();

    private string Date => _market.ShockDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_bar_chart_has_one_bar_per_company_in_the_total_sorted_from_the_largest_loss_in_the_loss_colour()
    {
        var day = await _client.GetJsonAsync($"/api/days/{Date}");
        var counted = day.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("marketCapChange").ValueKind == JsonValueKind.Number && !i.GetProperty("afterGap").GetBoolean()).ToList();
        await using var tab = await OpenAsync(Browser.Desktop);

        var chart = await tab.Page.EvaluateAsync<JsonElement>("""
            () => {
                const chart = Chart.getChart(document.getElementById('day-bars'));
                const css = getComputedStyle(document.documentElement);
                return { axis: chart.options.indexAxis, labels: chart.data.labels, values: chart.data.datasets[0].data,
                         colours: chart.data.datasets[0].backgroundColor, loss: css.getPropertyValue('--loss').trim(), gain: css.getPropertyValue('--gain').trim() };
            }
            """);

        Assert.Equal("y", chart.GetProperty("axis").GetString());
        Assert.Equal(counted.Select(i => i.Text("ticker")), chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var values = chart.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(counted.Select(i => i.Number("marketCapChange")), values);
        Assert.Equal(values.Order(), values);
        Assert.Contains(values, v => v < 0);
        var (loss, gain) = (chart.GetProperty("loss").GetString(), chart.GetProperty("gain").GetString());
        Assert.All(values.Zip(chart.GetProperty("colours").EnumerateArray()), p => Assert.Equal(p.First < 0 ? loss : gain, p.Second.GetString()));
    }

    [Fact]
    public async Task The_headline_total_and_the_table_match_the_api_and_each_ticker_links_to_its_permalink()
    {
        var day = await _client.GetJsonAsync($"/api/days/{Date}");
        await using var tab = await OpenAsync(Browser.Desktop);

        var total = day.Number("totalMarketCapChange");
        Assert.Equal(Display.Money(total, withSign: true), await tab.Page.Locator("[data-figure=total]").InnerTextAsync());
        var sentence = await tab.Page.Locator(".headline-sentence").InnerTextAsync();
        Assert.Equal($"Tracked companies {(total < 0 ? "lost" : "gained")} {Display.MoneyInWords((decimal)Math.Abs(total))} ({Display.Percent(day.Number("changePct"), 1)}) on {Display.Day(_market.ShockDate)}.", sentence);
        Assert.Equal(day.GetProperty("decliners").GetInt32().ToString(CultureInfo.InvariantCulture), await tab.Page.Locator("[data-figure=decliners]").InnerTextAsync());
        var rows = tab.Page.Locator("#day-companies tbody tr");
        var items = day.GetProperty("items");
        Assert.Equal(items.GetArrayLength(), await rows.CountAsync());
        for (var i = 0; i < items.GetArrayLength(); i++)
        {
            var ticker = items[i].Text("ticker");
            var link = rows.Nth(i).Locator("th a");
            Assert.Equal(ticker, await link.InnerTextAsync());
            Assert.Equal($"/companies/{ticker}/{Date}", await link.GetAttributeAsync("href"));
            var change = items[i].GetProperty("marketCapChange");
            Assert.Equal(change.ValueKind == JsonValueKind.Number ? Display.Money(change.GetDouble(), withSign: true) : "—",
                (await rows.Nth(i).Locator("td").Nth(1).InnerTextAsync()).Split(' ', '\u00a0', '\n').Last());
        }
    }

    [SampleDataFact]
    public async Task On_the_DeepSeek_day_Nvidia_is_the_largest_loss_at_592_7_billion_dollars()
    {
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync("/days/2025-01-27");

        var first = tab.Page.Locator("#day-companies tbody tr").First;
        Assert.Equal("NVDA", await first.Locator("th").InnerTextAsync());
        Assert.Equal("−$592.7B", await first.Locator("td").Nth(1).InnerTextAsync());
        Assert.Equal("NVDA", await tab.Page.EvaluateAsync<string>("() => Chart.getChart(document.getElementById('day-bars')).data.labels[0]"));
        Assert.StartsWith("Tracked companies lost $1.", await tab.Page.Locator(".headline-sentence").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_day_whose_figures_use_a_later_share_count_says_approximate_as_the_api_does()
    {
        // The data's second day is the first with moves; an early day is the likeliest to predate a share count.
        var first = (await _client.GetJsonAsync("/api/companies")).EnumerateArray().Select(c => c.Text("firstDate")).Min(StringComparer.Ordinal);
        var second = (await _client.GetJsonAsync($"/api/days/{first}")).Text("nextDate");
        var day = await _client.GetJsonAsync($"/api/days/{second}");
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        await tab.Page.GotoAsync($"/days/{second}");

        Assert.Equal(day.GetProperty("approximate").GetBoolean() ? 1 : 0, await tab.Page.Locator("#approximate").CountAsync());
        var approximateRows = day.GetProperty("items").EnumerateArray()
            .Count(i => i.GetProperty("marketCapApproximate").GetBoolean() && i.GetProperty("marketCapChange").ValueKind == JsonValueKind.Number && !i.GetProperty("afterGap").GetBoolean());
        Assert.Equal(approximateRows, await tab.Page.Locator("#day-companies .badge", new() { HasTextString = "approx." }).CountAsync());
    }

    [Fact]
    public async Task The_previous_and_next_trading_day_links_lead_to_those_days()
    {
        var day = await _client.GetJsonAsync($"/api/days/{Date}");
        var (previous, next) = (DateOnly.Parse(day.Text("previousDate"), CultureInfo.InvariantCulture), DateOnly.Parse(day.Text("nextDate"), CultureInfo.InvariantCulture));
        await using var tab = await OpenAsync(Browser.Desktop);

        await tab.Page.Locator("#next-day").ClickAsync();
        await tab.Page.WaitForURLAsync($"**/days/{next:yyyy-MM-dd}");
        Assert.Equal($"The market on {Display.Day(next)}", await tab.Page.Locator("h1").InnerTextAsync());
        await tab.Page.Locator("#previous-day").ClickAsync();
        await tab.Page.WaitForURLAsync($"**/days/{Date}");
        await tab.Page.Locator("#previous-day").ClickAsync();
        await tab.Page.WaitForURLAsync($"**/days/{previous:yyyy-MM-dd}");
        Assert.Equal($"The market on {Display.Day(previous)}", await tab.Page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task A_weekend_answers_404_with_the_nearest_trading_days_as_links()
    {
        var saturday = _market.ShockDate.AddDays(DayOfWeek.Saturday - _market.ShockDate.DayOfWeek);
        var (before, after) = (await NearestAsync(saturday, -1), await NearestAsync(saturday, +1));
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/days/{saturday:yyyy-MM-dd}");

        Assert.Equal(404, response!.Status);
        Assert.Equal($"No market data on {Display.Day(saturday)}", await tab.Page.Locator("h1").InnerTextAsync());
        var links = tab.Page.Locator("#nearest-days a");
        Assert.Equal([Display.Day(before), Display.Day(after)], await links.AllInnerTextsAsync());
        await links.Last.ClickAsync();
        await tab.Page.WaitForURLAsync($"**/days/{after:yyyy-MM-dd}");
        Assert.Equal($"The market on {Display.Day(after)}", await tab.Page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task A_date_that_does_not_exist_answers_the_same_helpful_404()
    {
        var year = _market.ShockDate.Year;
        var (before, after) = (await NearestAsync(new DateOnly(year, 2, 28), -1), await NearestAsync(new DateOnly(year, 3, 1), +1));
        await using var tab = await browser.OpenAsync(app.BaseAddress, Browser.Desktop);

        var response = await tab.Page.GotoAsync($"/days/{year}-02-30");

        Assert.Equal(404, response!.Status);
        Assert.Equal("No such date", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Equal([Display.Day(before), Display.Day(after)], await tab.Page.Locator("#nearest-days a").AllInnerTextsAsync());
    }

    private async Task<BrowserPage> OpenAsync(ViewportSize viewport, ColorScheme scheme = ColorScheme.Light)
    {
        var tab = await browser.OpenAsync(app.BaseAddress, viewport, scheme);
        var response = await tab.Page.GotoAsync(_market.MarketDay, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, response!.Status);
        await tab.Page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('day-bars'))");
        return tab;
    }

    /// <summary>The first day with data from <paramref name="from"/> (included) going one way, asked of the API.</summary>
    private async Task<DateOnly> NearestAsync(DateOnly from, int step)
    {
        for (var day = from; ; day = day.AddDays(step))
        {
            using var response = await _client.GetAsync(new Uri($"/api/days/{day:yyyy-MM-dd}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
                return day;
            Assert.True(Math.Abs(day.DayNumber - from.DayNumber) < 10, $"no trading day within 10 days of {from}");
        }
    }
}
