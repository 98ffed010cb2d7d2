using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>
/// DESIGN.md's shock: a down day, not after a gap and not a suspected unrecorded split, with z ≤ −4, r ≤ −10% or
/// ΔM ≤ −$100B. Read through /api/shocks?shocksOnly=true, which the leaderboard and the pages share.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ShockRuleTests(AppFixture app) : ApiTestBase(app, importThreeCompanies: false)
{
    [Fact]
    public async Task A_fall_of_ten_percent_is_a_shock_and_a_smaller_one_is_not()
    {
        // 100 → 90 is −10% exactly (a shock); 90 → 81.01 is −9.99% (not); 81.01 → 72.9 is −10.01% (a shock).
        // 1,000 shares: the $ losses are far below $100B and four changes are too few for σ, so only r decides.
        await ImportAsync(("2025-01-06", 100m), ("2025-01-07", 90m), ("2025-01-08", 81.01m), ("2025-01-09", 72.9m));

        var shocks = await Client.GetJsonAsync("/api/shocks?shocksOnly=true&sort=change");

        Assert.Equal(["AAA 2025-01-09", "AAA 2025-01-07"], ApiData.ShockKeys(shocks.GetProperty("items")));
        Assert.Equal(3, (await Client.GetJsonAsync("/api/shocks")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_fall_to_half_the_previous_close_looks_like_an_unrecorded_split_and_is_no_shock()
    {
        // 100 → 50.5: before/after = 1.98, within 2% of a 2-for-1 split; 50.5 → 30 is −40.6%, no split ratio near.
        await ImportAsync(("2025-01-06", 100m), ("2025-01-07", 50.5m), ("2025-01-08", 30m));

        var shocks = await Client.GetJsonAsync("/api/shocks?shocksOnly=true");

        Assert.Equal(["AAA 2025-01-08"], ApiData.ShockKeys(shocks.GetProperty("items")));
    }

    [Fact]
    public async Task A_fall_after_a_gap_in_the_data_is_no_shock()
    {
        // 2025-01-06 → 2025-01-20 is 14 calendar days: the −30% spans missing data.
        await ImportAsync(("2025-01-06", 100m), ("2025-01-20", 70m), ("2025-01-21", 60m));

        var shocks = await Client.GetJsonAsync("/api/shocks?shocksOnly=true");

        Assert.Equal(["AAA 2025-01-21"], ApiData.ShockKeys(shocks.GetProperty("items")));
    }

    [SampleDataFact]
    public async Task The_sample_data_has_335_shocks_as_DESIGN_md_counts()
    {
        await ReaderData.EnsureAsync(App);

        var shocks = await Client.GetJsonAsync("/api/shocks?shocksOnly=true&limit=1");

        Assert.Equal(335, shocks.GetProperty("total").GetInt32());
        // Out of the company-days with a move (every row but the first of each of the 15 series).
        Assert.Equal(35_837, await App.ScalarAsync<long>("SELECT count(*) FROM daily_moves WHERE change IS NOT NULL"));
    }

    private async Task ImportAsync(params (string Date, decimal Close)[] days)
    {
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("shares.csv", "Ticker,Date,Shares\nAAA,2025-01-06,1000\n")));
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("AAA.csv", PriceFiles.Prices(days))));
    }
}
