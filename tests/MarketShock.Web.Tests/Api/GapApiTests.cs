using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>
/// A move more than 5 calendar days after the previous row spans a gap in the data: GGG (1,000 shares) closes 100 and 98 on
/// 2025-01-06 and 07, then nothing until 80 on Tuesday 2025-01-14 (7 days later) and 76 on 2025-01-15.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class GapApiTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private readonly Files _files = new();
    private readonly HttpClient _client = app.CreateClient();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", "Ticker,Date,Shares\nGGG,2025-01-06,1000\n")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("GGG.csv",
            PriceFiles.Prices(["2025-01-06", "2025-01-07", "2025-01-14", "2025-01-15"], 100m, 98m, 80m, 76m))));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task The_move_after_a_gap_is_not_a_shock()
    {
        var page = await _client.GetJsonAsync("/api/shocks");

        // 76/80 − 1 = −5% (ΔM −4,000) and 98/100 − 1 = −2% (−2,000); the −18.4% across the gap is left out.
        Assert.Equal(["GGG 2025-01-15", "GGG 2025-01-07"], ApiData.ShockKeys(page.GetProperty("items")));
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(-4_000, page.GetProperty("items")[0].Number("marketCapChange"));
        Assert.Equal(1, page.GetProperty("items")[0].GetProperty("rankInCompany").GetInt32());
    }

    [Fact]
    public async Task The_company_day_after_a_gap_says_so_and_is_not_ranked()
    {
        var day = await _client.GetJsonAsync("/api/companies/GGG/2025-01-14");

        Assert.True(day.GetProperty("afterGap").GetBoolean());
        Assert.Equal("2025-01-07", day.Text("previousDate"));
        Assert.Equal((80.0 / 98 - 1) * 100, day.Number("changePct"), 9);
        ApiData.AssertNull(day, "rankInCompany", "rankByLoss", "rankByChange");
        ApiData.AssertNull(day, "sigma");
        Assert.Equal(2, day.GetProperty("rankedDays").GetInt32()); // 2025-01-07 and 2025-01-15
        Assert.False((await _client.GetJsonAsync("/api/companies/GGG/2025-01-15")).GetProperty("afterGap").GetBoolean());
    }

    [Fact]
    public async Task The_market_day_after_a_gap_lists_the_move_but_leaves_it_out_of_the_totals()
    {
        var day = await _client.GetJsonAsync("/api/days/2025-01-14");

        ApiData.AssertNull(day, "totalMarketCapChange");
        Assert.Equal((0, 0), (day.GetProperty("decliners").GetInt32(), day.GetProperty("advancers").GetInt32()));
        var item = Assert.Single(day.GetProperty("items").EnumerateArray());
        Assert.Equal("GGG", item.Text("ticker"));
        Assert.True(item.GetProperty("afterGap").GetBoolean());
        Assert.Equal("2025-01-07", day.Text("previousDate"));
    }
}
