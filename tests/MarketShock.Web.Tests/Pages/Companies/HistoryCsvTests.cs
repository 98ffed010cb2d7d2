using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages.Companies;

/// <summary>/companies/{ticker}/history.csv: the whole series for a spreadsheet, one row per trading day.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class HistoryCsvTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const string Header = "date,close,shares,market_cap,change_pct,market_cap_change,sigma";
    private readonly HttpClient _client = app.CreateClient();
    private ReaderData.Market _market = ReaderData.Current;

    public async Task InitializeAsync() => _market = await ReaderData.EnsureAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task The_history_has_a_header_and_one_row_per_trading_day_as_a_csv_download()
    {
        var series = await _client.GetFromJsonAsync<JsonElement>($"/api/companies/{_market.Ticker}/series");
        var dates = series.GetProperty("dates").EnumerateArray().Select(d => d.GetString()).ToList();

        using var response = await _client.GetAsync($"/companies/{_market.Ticker}/history.csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal($"{_market.Ticker}-history.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(Header, lines[0]);
        Assert.Equal("", lines[^1]);
        var rows = lines[1..^1].Select(l => l.Split(',')).ToList();
        Assert.Equal(dates, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(7, r.Length));
        // The first day has no change; every later one does, written as a plain number.
        Assert.Equal("", rows[0][4]);
        Assert.All(rows.Skip(1), r => double.Parse(r[4], CultureInfo.InvariantCulture));
    }

    [SampleDataFact]
    public async Task Nvidias_DeepSeek_day_reads_a_close_of_118_42_and_a_change_of_minus_16_97_percent()
    {
        var csv = await _client.GetStringAsync("/companies/NVDA/history.csv");

        var row = csv.Split("\r\n").Single(l => l.StartsWith("2025-01-27,", StringComparison.Ordinal)).Split(',');

        Assert.Equal("118.42", row[1]);
        Assert.Equal(-16.968, double.Parse(row[4], CultureInfo.InvariantCulture), 3);
        // ΔM = (118.42 − 142.62) × 24.49 B shares = −$592.658 B.
        Assert.Equal(-592_658_000_000m, decimal.Parse(row[5], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_ticker_in_another_case_is_redirected_permanently_to_the_canonical_address()
    {
        using var response = await _client.GetAsync($"/companies/{_market.Ticker.ToLowerInvariant()}/history.csv");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/companies/{_market.Ticker}/history.csv", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_ticker_has_no_history()
    {
        using var response = await _client.GetAsync("/companies/NOSUCH/history.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
