using System.Text.Json;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Api;

/// <summary>GET /api/shocks over the week of <see cref="ThreeCompanies"/>: eight down days, none after a gap.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ShocksApiTests(AppFixture app) : ApiTestBase(app, importThreeCompanies: false)
{
    [Fact]
    public async Task The_leaderboard_lists_every_down_day_the_largest_dollar_loss_first_with_every_field()
    {
        await ThreeCompanies.ImportAsync(App, Files);

        var page = await Client.GetJsonAsync("/api/shocks");

        Assert.Equal(8, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items");
        Assert.Equal(ThreeCompanies.ShocksByLoss, ApiData.ShockKeys(items));
        var worst = items[0];
        ApiData.AssertHasProperties(worst, "ticker", "name", "sector", "date", "close", "previousClose", "changePct", "marketCapBefore",
            "marketCapChange", "marketCapApproximate", "sigma", "rankInCompany", "permalink");
        // BBB 2025-01-09: 200 → 176 is −12%; with 500 shares M_{t−1} = 100,000 and ΔM = −24 × 500 = −12,000.
        Assert.Equal("Beta Corp", worst.Text("name"));
        Assert.Equal("Consumer Cyclical", worst.Text("sector"));
        Assert.Equal(176, worst.Number("close"));
        Assert.Equal(200, worst.Number("previousClose"));
        Assert.Equal(-12.0, worst.Number("changePct"), 9);
        Assert.Equal(100_000, worst.Number("marketCapBefore"));
        Assert.Equal(-12_000, worst.Number("marketCapChange"));
        Assert.False(worst.GetProperty("marketCapApproximate").GetBoolean());
        ApiData.AssertNull(worst, "sigma"); // four changes are far from the 60 σ needs
        Assert.Equal(1, worst.GetProperty("rankInCompany").GetInt32());
        Assert.Equal(new Uri(App.BaseAddress, "/companies/BBB/2025-01-09").ToString(), worst.Text("permalink"));
    }

    [Fact]
    public async Task A_company_without_share_counts_has_null_money_fields_and_is_ranked_by_change()
    {
        await ThreeCompanies.ImportAsync(App, Files);

        var items = (await Client.GetJsonAsync("/api/shocks?ticker=CCC")).GetProperty("items");

        Assert.Equal(["CCC 2025-01-10", "CCC 2025-01-07"], ApiData.ShockKeys(items));
        foreach (var item in items.EnumerateArray())
        {
            ApiData.AssertNull(item, "marketCapBefore");
            ApiData.AssertNull(item, "marketCapChange");
            Assert.False(item.GetProperty("marketCapApproximate").GetBoolean());
        }
        // 44 → 26.4 is −40%, its worst day; 50 → 40 (−20%) is its second.
        Assert.Equal(-40.0, items[0].Number("changePct"), 9);
        Assert.Equal([1, 2], items.EnumerateArray().Select(i => i.GetProperty("rankInCompany").GetInt32()));
    }

    [Fact]
    public async Task A_move_using_a_share_count_observed_later_is_marked_approximate()
    {
        await ThreeCompanies.ImportAsync(App, Files);

        var items = (await Client.GetJsonAsync("/api/shocks?ticker=BBB&sort=change")).GetProperty("items");

        // BBB's only count is dated 2025-01-08; the 2025-01-07 move (192 − 200) × 500 = −4,000 uses it before it was observed.
        Assert.Equal(["BBB 2025-01-09", "BBB 2025-01-07", "BBB 2025-01-10"], ApiData.ShockKeys(items));
        Assert.Equal([false, true, false], items.EnumerateArray().Select(i => i.GetProperty("marketCapApproximate").GetBoolean()));
        Assert.Equal(-4_000, items[1].Number("marketCapChange"));
        Assert.Equal(100_000, items[1].Number("marketCapBefore"));
    }

    [Fact]
    public async Task Money_is_rounded_to_the_cent()
    {
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("shares.csv", "Ticker,Date,Shares\nDDD,2025-01-06,3\n")));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("DDD.csv", PriceFiles.Prices(["2025-01-06", "2025-01-07"], 33.333333m, 30m))));

        var shock = Assert.Single((await Client.GetJsonAsync("/api/shocks?ticker=DDD")).GetProperty("items").EnumerateArray());

        // M_{t−1} = 33.333333 × 3 = 99.999999 → 100.00; ΔM = (30 − 33.333333) × 3 = −9.999999 → −10.00.
        Assert.Equal(100.0, shock.Number("marketCapBefore"));
        Assert.Equal(-10.0, shock.Number("marketCapChange"));
    }
}
