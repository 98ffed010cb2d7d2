using System.Net;
using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>
/// GET /api/compare over two hand-made series (weekdays from Mon 2025-01-06), the value at day k being C_{t+k} / C_{t−1} − 1:
/// <code>
/// SHRT   50  80  100  75  90  110       six days; the event on Thu 2025-01-09 (75), so C_{t−1} = 100:
///        −3  −2  −1   0   +1  +2        days −3..+2 = −50%, −20%, 0%, −25%, −10%, +10%
/// LONG   100 + i on day i, 80 days      the event on day 15 (Mon 2025-01-27, 115), so C_{t−1} = 114 and day k is (115 + k) / 114 − 1:
///                                       day −10 = 105/114 − 1 = −7.89…%, day 0 = 1/114 = +0.877…%, day +60 = 175/114 − 1 = +53.5…%
/// </code>
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompareApiTests(AppFixture app) : ApiTestBase(app, importThreeCompanies: false)
{
    private static readonly string[] ShortDays = PriceFiles.Weekdays(new DateOnly(2025, 1, 6), 6);
    private static readonly string[] LongDays = PriceFiles.Weekdays(new DateOnly(2025, 1, 6), 80);

    private async Task ImportAsync()
    {
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("companies.csv",
            "Ticker,Name,Sector,Industry,Exchange\nSHRT,Short Series Inc,Technology,,\nLONG,Long Series Corp,Technology,,\n")));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("SHRT.csv", PriceFiles.Prices(ShortDays, 50m, 80m, 100m, 75m, 90m, 110m))));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("LONG.csv",
            PriceFiles.Prices(LongDays, [.. Enumerable.Range(0, 80).Select(i => 100m + i)]))));
    }

    [Fact]
    public async Task Day_minus_one_is_zero_day_zero_is_the_days_change_and_day_k_is_the_close_against_the_close_before()
    {
        await ImportAsync();
        Assert.Equal("2025-01-27", LongDays[15]);

        var events = (await Client.GetJsonAsync("/api/compare?events=LONG:2025-01-27")).GetProperty("events");

        var e = Assert.Single(events.EnumerateArray());
        ApiData.AssertHasProperties(e, "ticker", "date", "name", "days", "cumulativePct");
        Assert.Equal(("LONG", "2025-01-27", "Long Series Corp"), (e.Text("ticker"), e.Text("date"), e.Text("name")));
        var (days, values) = Series(e);
        Assert.Equal(Enumerable.Range(-10, 71), days);
        Assert.Equal(0, values[days.IndexOf(-1)], 12);
        Assert.Equal(-7.894736842105263, values[0], 9);
        Assert.Equal(0.8771929824561403, values[days.IndexOf(0)], 9);
        Assert.Equal(53.50877192982456, values[^1], 9);
        Assert.All(days, (k, i) => Assert.Equal(((115.0 + k) / 114 - 1) * 100, values[i], 9));
        var day = await Client.GetJsonAsync("/api/companies/LONG/2025-01-27");
        Assert.Equal(day.Number("changePct"), values[days.IndexOf(0)], 9);
    }

    [Fact]
    public async Task A_shock_near_the_start_and_the_end_of_its_series_returns_only_the_days_it_has()
    {
        await ImportAsync();

        Assert.Equal("2025-01-09", ShortDays[3]);

        var e = (await Client.GetJsonAsync("/api/compare?events=SHRT:2025-01-09")).GetProperty("events")[0];

        var (days, values) = Series(e);
        Assert.Equal([-3, -2, -1, 0, 1, 2], days);
        Assert.Equal([-50.0, -20.0, 0.0, -25.0, -10.0, 10.0], values.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public async Task Several_events_come_back_in_the_order_asked_with_tickers_in_any_case()
    {
        await ImportAsync();
        Assert.Equal("2025-04-21", LongDays[75]);

        var events = (await Client.GetJsonAsync("/api/compare?events=long:2025-04-21,Shrt:2025-01-09,LONG:2025-01-27")).GetProperty("events");

        Assert.Equal(["LONG 2025-04-21", "SHRT 2025-01-09", "LONG 2025-01-27"],
            events.EnumerateArray().Select(e => $"{e.Text("ticker")} {e.Text("date")}"));
        // 2025-04-21 is LONG's day 75 of 0..79: ten days before it, four after.
        Assert.Equal(Enumerable.Range(-10, 15), Series(events[0]).Days);
        Assert.All(events.EnumerateArray(), e => Assert.Equal(e.GetProperty("days").GetArrayLength(), e.GetProperty("cumulativePct").GetArrayLength()));
    }

    [Theory]
    [InlineData("events=ZZZ:2025-01-09", "ZZZ")]
    [InlineData("events=SHRT:2025-01-09,SHRT:2025-01-11", "SHRT:2025-01-11")] // a Saturday
    [InlineData("events=SHRT:2024-12-31", "SHRT:2024-12-31")] // before its first day
    [InlineData("events=SHRT:2025-01-06", "SHRT:2025-01-06")] // its first day: no close before it
    [InlineData("events=SHRT-2025-01-09", "SHRT-2025-01-09")]
    [InlineData("events=SHRT:2025-02-30", "SHRT:2025-02-30")]
    [InlineData("events=SHRT:09/01/2025", "SHRT:09/01/2025")]
    [InlineData("events=:2025-01-09", ":2025-01-09")]
    [InlineData("events=", "events")]
    [InlineData("", "events")]
    public async Task A_bad_event_answers_400_naming_it(string query, string named)
    {
        await ImportAsync();

        var problem = await ProblemAsync($"/api/compare?{query}");

        var messages = problem.GetProperty("errors").GetProperty("events");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nine_events_are_one_too_many()
    {
        await ImportAsync();
        var nine = string.Join(',', LongDays.Skip(20).Take(9).Select(d => $"LONG:{d}"));

        var problem = await ProblemAsync($"/api/compare?events={nine}");

        Assert.Contains("Up to 8 events", problem.GetProperty("errors").GetProperty("events")[0].GetString(), StringComparison.Ordinal);
        await Client.GetJsonAsync($"/api/compare?events={string.Join(',', nine.Split(',').Take(8))}");
    }

    [Fact]
    public async Task Every_bad_event_of_a_list_is_named_at_once()
    {
        await ImportAsync();

        var problem = await ProblemAsync("/api/compare?events=ZZZ:2025-01-09,SHRT:2025-01-09,nonsense,SHRT:2025-01-11");

        var messages = problem.GetProperty("errors").GetProperty("events").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains(messages, m => m.Contains("ZZZ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("nonsense", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("SHRT:2025-01-11", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_answer_and_the_400()
    {
        var document = await Client.GetJsonAsync("/openapi/v1.json");

        var get = document.GetProperty("paths").GetProperty("/api/compare").GetProperty("get");
        Assert.False(string.IsNullOrWhiteSpace(get.Text("summary")));
        var responses = get.GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var eventSchema = schemas.EnumerateObject().Single(s => s.Value.TryGetProperty("properties", out var p) && p.TryGetProperty("cumulativePct", out _)).Value;
        ApiData.AssertHasProperties(eventSchema.GetProperty("properties"), "ticker", "date", "name", "days", "cumulativePct");
    }

    private static (List<int> Days, List<double> Values) Series(JsonElement e) =>
        ([.. e.GetProperty("days").EnumerateArray().Select(d => d.GetInt32())],
         [.. e.GetProperty("cumulativePct").EnumerateArray().Select(v => v.GetDouble())]);

    private async Task<JsonElement> ProblemAsync(string url)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
