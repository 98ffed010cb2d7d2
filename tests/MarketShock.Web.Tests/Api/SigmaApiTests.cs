using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>
/// σ and z on a generated series: closes alternate 100, 101, 100, … for 110 changes (+1% and 100/101 − 1 = −0.990099%),
/// then fall to 90 (−10%) and 89.1 (−1%). σ_t is the sample standard deviation of the previous changes (at most 250,
/// at least 60), computed here independently in plain C#.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SigmaApiTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const int Alternating = 110, Crash = 111, After = 112;

    private static readonly string[] Dates = PriceFiles.Weekdays(new DateOnly(2024, 1, 1), After + 1);

    private static readonly decimal[] Closes =
        [.. Enumerable.Range(0, Alternating + 1).Select(i => i % 2 == 1 ? 101m : 100m), 90m, 89.1m];

    private readonly Files _files = new();
    private readonly HttpClient _client = app.CreateClient();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("EEE.csv", PriceFiles.Prices(Dates, Closes))));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task The_crash_day_shows_sigma_as_its_change_over_the_sample_deviation_of_the_previous_changes()
    {
        var (sigma, z) = Expected(Crash);
        Assert.InRange(z, -11, -9); // about a 10-sigma day: σ ≈ 1%

        var day = await _client.GetJsonAsync($"/api/companies/EEE/{Dates[Crash]}");
        var shock = (await _client.GetJsonAsync("/api/shocks?sort=sigma&limit=1")).GetProperty("items")[0];

        Assert.Equal(-10.0, day.Number("changePct"), 9);
        Assert.Equal(sigma * 100, day.Number("volatilityPct"), 9);
        Assert.Equal(z, day.Number("zScore"), 9);
        Assert.Equal(z, day.Number("sigma"), 9);
        Assert.Equal(Dates[Crash], shock.Text("date"));
        Assert.Equal(z, shock.Number("sigma"), 9);
    }

    [Fact]
    public async Task Sigma_needs_sixty_earlier_changes()
    {
        // Row 60 has 59 earlier changes (the first row has none); row 61 has 60.
        var tooFew = await _client.GetJsonAsync($"/api/companies/EEE/{Dates[60]}");
        var enough = await _client.GetJsonAsync($"/api/companies/EEE/{Dates[61]}");

        ApiData.AssertNull(tooFew, "volatilityPct");
        ApiData.AssertNull(tooFew, "sigma");
        ApiData.AssertNull(tooFew, "zScore");
        var (sigma, z) = Expected(61);
        Assert.Equal(sigma * 100, enough.Number("volatilityPct"), 9);
        Assert.Equal(z, enough.Number("zScore"), 9);
    }

    [Fact]
    public async Task MinSigma_keeps_the_days_at_least_that_many_deviations_down()
    {
        var (_, z) = Expected(Crash);
        var below = (-z - 0.001).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
        var above = (-z + 0.001).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);

        var justBelow = await _client.GetJsonAsync($"/api/shocks?minSigma={below}");
        var justAbove = await _client.GetJsonAsync($"/api/shocks?minSigma={above}");
        var one = await _client.GetJsonAsync("/api/shocks?minSigma=1");

        Assert.Equal([$"EEE {Dates[Crash]}"], ApiData.ShockKeys(justBelow.GetProperty("items")));
        Assert.Equal(0, justAbove.GetProperty("total").GetInt32());
        // The alternating down days are about one σ (−0.99% against σ ≈ 1%) but just under it; the −1% day after the crash
        // has a σ widened by the crash. Only the crash is a one-sigma day or worse.
        Assert.All(Enumerable.Range(61, After - 60).Select(i => Expected(i).Z), e => Assert.True(e > -1 || e == z));
        Assert.Equal(1, one.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sorting_by_sigma_puts_the_most_negative_first_and_days_without_sigma_last()
    {
        var page = await _client.GetJsonAsync("/api/shocks?sort=sigma&limit=500");

        // 55 alternating down days (rows 2, 4, …, 110), the crash and the day after.
        Assert.Equal(57, page.GetProperty("total").GetInt32());
        var sigmas = page.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("sigma")).Select(s => s.ValueKind == JsonValueKind.Null ? (double?)null : s.GetDouble()).ToList();
        Assert.Equal(57, sigmas.Count);
        // Down days from row 62 on have σ: rows 62 to 110 (25) and the two last days; rows 2 to 60 (30) have none.
        Assert.All(sigmas[..27], s => Assert.NotNull(s));
        Assert.All(sigmas[27..], s => Assert.Null(s));
        Assert.Equal(sigmas[..27].OrderBy(s => s), sigmas[..27]);
        Assert.Equal(Expected(Crash).Z, sigmas[0]!.Value, 9);
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_fifty_items_and_the_total_counts_them_all()
    {
        var page = await _client.GetJsonAsync("/api/shocks");
        var full = await _client.GetJsonAsync("/api/shocks?limit=500");

        Assert.Equal(57, page.GetProperty("total").GetInt32());
        Assert.Equal(50, page.GetProperty("items").GetArrayLength());
        Assert.Equal(57, full.GetProperty("items").GetArrayLength());
    }

    /// <summary>σ from the changes of the rows before <paramref name="row"/> (the first row has no change) and z = r/σ.</summary>
    private static (double Sigma, double Z) Expected(int row)
    {
        var changes = Enumerable.Range(1, row - 1).Select(Change).ToList();
        var sigma = PriceFiles.SampleStandardDeviation(changes);
        return (sigma, Change(row) / sigma);
    }

    private static double Change(int row) => (double)Closes[row] / (double)Closes[row - 1] - 1;
}
