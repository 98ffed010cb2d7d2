using System.Net;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>
/// A move of a common split ratio (within 2%) on a day without a recorded split is more likely a split missing from the
/// splits file than a real move: it is stored with the flag, left out of the ranks, worst-since, σ, the leaderboard and the
/// market's totals like a move after a gap, and shown with a badge. Recording the split adjusts the prices and clears it.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SuspectedSplitTests(AppFixture app) : ApiTestBase(app, importThreeCompanies: false)
{
    //             AAA (1,000 shares)                           BBB (1,000 shares)
    // 2024-01-02  100                                          20
    // 2024-01-03  101     +1%                                  20
    // 2024-01-04   50.6   101 / 50.6 = 1.996: a 2-for-1?       12      −40%: no ratio near, a real move
    // 2024-01-05   50     −1.19%                               12
    // 2024-01-08   45     −10%: the worst ranked day           12
    // 2024-01-09  450     45 / 450 = 0.1: a 1-for-10 reverse?  12
    // 2024-01-10  440     −2.22%                               12
    private const string Prices = """
        Ticker,Date,Close
        AAA,2024-01-02,100
        AAA,2024-01-03,101
        AAA,2024-01-04,50.6
        AAA,2024-01-05,50
        AAA,2024-01-08,45
        AAA,2024-01-09,450
        AAA,2024-01-10,440
        BBB,2024-01-02,20
        BBB,2024-01-03,20
        BBB,2024-01-04,12
        BBB,2024-01-05,12
        BBB,2024-01-08,12
        BBB,2024-01-09,12
        BBB,2024-01-10,12
        """;

    private async Task<MarketShock.Imports.ImportLog> ImportMarketAsync()
    {
        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("shares.csv", "Ticker,Date,Shares\nAAA,2024-01-02,1000\nBBB,2024-01-02,1000\n")));
        var log = await App.ImportAsync(Files.Write("prices.csv", Prices));
        ImportHelpers.AssertImported(log);
        return log;
    }

    [Fact]
    public async Task Split_sized_moves_either_way_are_stored_with_the_flag_and_a_real_fall_is_not()
    {
        var log = await ImportMarketAsync();

        var aaa = await App.MovesAsync("AAA");
        Assert.Equal([false, false, true, false, false, true, false], aaa.Select(m => m.SuspectedSplit));
        Assert.All(await App.MovesAsync("BBB"), m => Assert.False(m.SuspectedSplit));
        // The change is still the close against the previous one; the importer still says what it suspects.
        Assert.Equal(50.6 / 101 - 1, aaa[2].Change!.Value, 12);
        Assert.Contains(log.Warnings, w => w.Contains("AAA", StringComparison.Ordinal) && w.Contains("suspected unrecorded 2-for-1 split", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suspected_split_is_not_ranked_and_not_anyone_s_worst_since()
    {
        await ImportMarketAsync();

        var aaa = await App.MovesAsync("AAA");
        Assert.Null(aaa[2].RankByChange);
        Assert.Null(aaa[2].RankByLoss);
        Assert.Null(aaa[5].RankByChange);
        Assert.Null(aaa[2].ZScore);
        // Ranked: −10% (01-08) 1st, −2.22% (01-10) 2nd, −1.19% (01-05) 3rd, +1% (01-03) 4th.
        Assert.Equal([null, 4, null, 3, 1, null, 2], aaa.Select(m => m.RankByChange));
        // −10% would be the worst since 01-04's −49.9% if the suspected split counted: it is the worst in the data.
        Assert.Null(aaa[4].WorstSince);
    }

    [Fact]
    public async Task A_suspected_split_is_left_out_of_the_leaderboard_and_the_market_day()
    {
        await ImportMarketAsync();

        var board = await Client.GetJsonAsync("/api/shocks?shocksOnly=false&sort=change");
        Assert.Equal(["BBB 2024-01-04", "AAA 2024-01-08", "AAA 2024-01-10", "AAA 2024-01-05"], ApiData.ShockKeys(board.GetProperty("items")));
        // 2024-01-04: only BBB's 1,000 × (12 − 20) = −8,000 of M_{t−1} 20,000; AAA's −50,400 is not a one-day loss.
        Assert.Equal("-8000 20000 1 1 0", await App.ScalarAsync<string>(
            "SELECT concat_ws(' ', market_cap_change::numeric(20,0), market_cap_before::numeric(20,0), companies, decliners, advancers) FROM market_days WHERE date = '2024-01-04' AND sector = ''"));
        var day = await Client.GetJsonAsync("/api/days/2024-01-04");
        Assert.Equal(-8000, day.GetProperty("totalMarketCapChange").GetDouble());
        var item = day.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("ticker").GetString() == "AAA");
        Assert.True(item.GetProperty("suspectedSplit").GetBoolean());
    }

    [Fact]
    public async Task The_day_s_api_and_pages_say_it_is_a_suspected_split()
    {
        await ImportMarketAsync();

        var api = await Client.GetJsonAsync("/api/companies/AAA/2024-01-04");
        Assert.True(api.GetProperty("suspectedSplit").GetBoolean());
        Assert.False(api.GetProperty("afterGap").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, api.GetProperty("rankByChange").ValueKind);
        Assert.False((await Client.GetJsonAsync("/api/companies/AAA/2024-01-08")).GetProperty("suspectedSplit").GetBoolean());

        var permalink = WebUtility.HtmlDecode(await Client.GetStringAsync("/companies/AAA/2024-01-04"));
        Assert.Contains(">Suspected split</span>", permalink, StringComparison.Ordinal);
        Assert.Contains("Not ranked and not a shock, because the close moved by a common split ratio", permalink, StringComparison.Ordinal);
        Assert.DoesNotContain(">Shock</span>", permalink, StringComparison.Ordinal);
        Assert.DoesNotContain(">Suspected split</span>", WebUtility.HtmlDecode(await Client.GetStringAsync("/companies/AAA/2024-01-08")), StringComparison.Ordinal);
        Assert.Contains(">suspected split</span>", WebUtility.HtmlDecode(await Client.GetStringAsync("/days/2024-01-04")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_the_split_adjusts_the_prices_and_clears_the_flag()
    {
        await ImportMarketAsync();

        ImportHelpers.AssertImported(await App.ImportAsync(Files.Write("splits.csv", "Ticker,Date,Ratio\nAAA,2024-01-04,2\n")));

        var aaa = await App.MovesAsync("AAA");
        // The closes before 01-04 are halved: 50.5 → 50.6 is +0.2%, a ranked day like any other.
        Assert.Equal(50.5m, aaa[1].Close);
        Assert.False(aaa[2].SuspectedSplit);
        Assert.Equal(50.6 / 50.5 - 1, aaa[2].Change!.Value, 12);
        Assert.NotNull(aaa[2].RankByChange);
        // The reverse split of 01-09 is still unrecorded.
        Assert.True(aaa[5].SuspectedSplit);
    }
}
