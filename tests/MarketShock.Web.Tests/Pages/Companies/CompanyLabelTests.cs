using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using MarketShock.Tests.Pages.Admin;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Companies;

/// <summary>Event labels on /companies/{ticker}: the server-rendered list of labelled days, and the chart's markers and tooltips.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompanyLabelTests(AppFixture app, Browser browser) : IClassFixture<Browser>, IAsyncLifetime, IDisposable
{
    private const string History = "Chart.getChart(document.getElementById('history-chart'))";
    private readonly HttpClient _client = app.CreateClient();
    private readonly Files _files = new();
    private ReaderData.Market _market = ReaderData.Current;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Without_javascript_the_page_lists_every_labelled_day_newest_first_linked_to_its_permalink()
    {
        var html = await _client.TextAsync($"/companies/{_market.Ticker}");

        var rows = Rows(html);
        Assert.Equal(_market.Labels.Select(l => (Iso(l.Date), $"/companies/{_market.Ticker}/{Iso(l.Date)}", l.Text)),
            rows.Select(r => (r.Date, r.Href, r.Label)));
        var shockDay = rows.Single(r => r.Date == Iso(_market.ShockDate));
        Assert.Contains("shock", shockDay.Text, StringComparison.Ordinal);
    }

    [SampleDataFact]
    public async Task Nvidias_list_has_the_DeepSeek_day_with_its_fall_and_its_label()
    {
        var html = await _client.TextAsync("/companies/NVDA");

        var deepSeek = Rows(html).Single(r => r.Date == "2025-01-27");

        Assert.Equal("/companies/NVDA/2025-01-27", deepSeek.Href);
        Assert.Equal("Mon 27 Jan 2025 shock ▼ −16.97% DeepSeek's R1 model: AI-chip selloff", deepSeek.Text);
    }

    [Fact]
    public async Task A_label_with_markup_in_it_is_shown_as_text_in_the_list_and_in_the_chart()
    {
        var day = await DayAfterAsync(_market.ShockDate);
        const string label = "<b>Bold</b> & </script><script>alert(1)</script>";
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("events.csv",
            $"Ticker,Date,Label,Url\n{_market.Ticker},{Iso(day)},\"{label}\",https://example.com/news?a=1&b=2\n")));
        try
        {
            var html = await _client.TextAsync($"/companies/{_market.Ticker}");
            await using var tab = await OpenAsync($"/companies/{_market.Ticker}");

            Assert.Contains("&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>Bold</b>", html, StringComparison.Ordinal);
            Assert.Contains("""<a href="https://example.com/news?a=1&amp;b=2" rel="nofollow noopener">""", html, StringComparison.Ordinal);
            var cell = tab.Page.Locator($"#labelled-days tr[data-date='{Iso(day)}'] [data-figure=label]");
            Assert.Equal(label, await cell.InnerTextAsync());
            Assert.Equal(0, await cell.Locator("b, script").CountAsync());
            Assert.Equal(label, await tab.Page.EvaluateAsync<string>($"() => {History}.data.datasets[2].data.find(p => p.x === {Time(day)}).label"));
            Assert.Empty(tab.Problems);
        }
        finally
        {
            await app.ExecuteAsync($"DELETE FROM event_labels WHERE date = '{Iso(day)}' AND label LIKE '<b>Bold</b>%'");
        }
    }

    [Fact]
    public async Task The_chart_marks_each_labelled_day_in_range_and_links_the_marker_to_the_day()
    {
        foreach (var range in new[] { "max", "1y" })
        {
            await using var tab = await OpenAsync($"/companies/{_market.Ticker}?range={range}");
            var from = await tab.Page.EvaluateAsync<long>($"() => Math.round({History}.scales.x.min)");
            var expected = _market.Labels.Where(l => Time(l.Date) >= from).OrderBy(l => l.Date).ToList();

            var markers = await tab.Page.EvaluateAsync<JsonElement>($"() => {History}.data.datasets[2].data.filter(p => p.y !== null)");
            var lines = await tab.Page.EvaluateAsync<long[]>($"() => Object.values({History}.options.plugins.annotation.annotations).map(a => a.xMin)");

            Assert.Equal(expected.Select(l => (Time(l.Date), l.Text, $"/companies/{_market.Ticker}/{Iso(l.Date)}")),
                markers.EnumerateArray().Select(m => (m.GetProperty("x").GetInt64(), m.GetProperty("label").GetString()!, m.GetProperty("url").GetString()!)));
            Assert.Equal(expected.Select(l => Time(l.Date)), lines.Order());
        }
    }

    [Fact]
    public async Task Pointing_at_the_marker_of_the_shock_day_shows_its_label_in_the_tooltip_and_a_click_opens_the_day()
    {
        await using var tab = await OpenAsync($"/companies/{_market.Ticker}", Browser.Phone);
        var box = (await tab.Page.Locator("#history-chart").BoundingBoxAsync())!;
        var marker = await tab.Page.EvaluateAsync<double[]>($$"""
            () => {
              const chart = {{History}};
              const index = chart.data.datasets[2].data.findIndex(p => p.x === {{Time(_market.ShockDate)}});
              const element = chart.getDatasetMeta(2).data[index];
              return [element.x, element.y];
            }
            """);

        await tab.Page.Mouse.MoveAsync((float)(box.X + marker[0]), (float)(box.Y + marker[1]));
        await tab.Page.WaitForFunctionAsync($"() => {History}.tooltip.opacity > 0");
        var lines = await tab.Page.EvaluateAsync<string[]>($"() => {History}.tooltip.body.flatMap(b => b.lines)");
        var tooltip = await tab.Page.EvaluateAsync<double[]>($"() => {{ const t = {History}.tooltip; return [t.x, t.width]; }}");

        Assert.Equal(_market.ShockLabel, string.Join(" ", lines.TakeWhile(l => !l.StartsWith("Close ", StringComparison.Ordinal))));
        Assert.InRange(tooltip[0], 0, box.Width - tooltip[1]);
        await tab.Page.Mouse.ClickAsync((float)(box.X + marker[0]), (float)(box.Y + marker[1]));
        await tab.Page.WaitForURLAsync($"**{_market.Permalink}");
    }

    private sealed record Row(string Date, string Href, string Label, string Text);

    /// <summary>The rows of the labelled-days table as the HTML has them: date, the link of the date, the label and the row's text.</summary>
    private static List<Row> Rows(string html)
    {
        var table = Regex.Match(html, @"<table[^>]*id=""labelled-days"".*?</table>", RegexOptions.Singleline);
        Assert.True(table.Success, "no labelled-days table");
        return [.. Regex.Matches(table.Value, @"<tr data-date=""([^""]+)"">(.*?)</tr>", RegexOptions.Singleline)
            .Select(m => new Row(m.Groups[1].Value,
                Regex.Match(m.Groups[2].Value, @"<a href=""([^""]+)""").Groups[1].Value,
                AdminSession.Text(Regex.Match(m.Groups[2].Value, @"data-figure=""label"">(.*?)</td>", RegexOptions.Singleline).Groups[1].Value),
                AdminSession.Text(m.Groups[2].Value).Replace('\u00a0', ' ')))];
    }

    private async Task<DateOnly> DayAfterAsync(DateOnly date)
    {
        var series = await _client.GetJsonAsync($"/api/companies/{_market.Ticker}/series?from={Iso(date)}");
        return DateOnly.ParseExact(series.GetProperty("dates")[1].GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private async Task<BrowserPage> OpenAsync(string path, ViewportSize? viewport = null)
    {
        var tab = await browser.OpenAsync(app.BaseAddress, viewport ?? Browser.Desktop);
        var response = await tab.Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, response!.Status);
        await tab.Page.WaitForFunctionAsync($"() => window.Chart && {History}");
        return tab;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long Time(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
