using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>r_t, S_t, M_t and ΔM_t as DESIGN.md defines them, on hand-worked series.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class MarketCapTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    // r: 100 → 110 is +10%, → 99 is −10%, → 99 is 0, → 108.9 is +10%.
    private static readonly string Closes = PriceFiles.Prices(
        ("2024-01-02", 100m), ("2024-01-03", 110m), ("2024-01-04", 99m), ("2024-01-05", 99m), ("2024-01-08", 108.9m));

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task The_change_is_the_close_against_the_previous_trading_day()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", Closes)));

        var moves = await app.MovesAsync("AAA");

        Assert.Equal(5, moves.Count);
        Assert.Null(moves[0].Change); // the first day has no previous close
        Assert.Equal([0.10, -0.10, 0.0, 0.10], moves.Skip(1).Select(m => Math.Round(m.Change!.Value, 12)));
        Assert.Equal([null, 100m, 110m, 99m, 99m], moves.Select(m => m.PreviousClose));
    }

    [Fact]
    public async Task A_new_share_count_changes_the_market_cap_but_not_the_market_cap_change()
    {
        // 1,000 shares from 2024-01-02, 2,000 from 2024-01-04.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", "Ticker,Date,Shares\nAAA,2024-01-02,1000\nAAA,2024-01-04,2000\n")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", Closes)));

        var moves = await app.MovesAsync("AAA");

        // S_t: 1,000 on the 2nd and 3rd, 2,000 from the 4th. M_t = C_t × S_t.
        Assert.Equal([1000L, 1000, 2000, 2000, 2000], moves.Select(m => m.Shares));
        Assert.Equal([100_000m, 110_000, 198_000, 198_000, 217_800], moves.Select(m => m.MarketCap));
        // M_{t−1} = C_{t−1} × S_{t−1}: on the 4th it is 110 × 1,000 = 110,000, not 110 × 2,000.
        Assert.Equal([null, 100_000m, 110_000, 198_000, 198_000], moves.Select(m => m.MarketCapBefore));
        // ΔM_t = S_{t−1} × (C_t − C_{t−1}): the 4th is 1,000 × (99 − 110) = −11,000 (= −10% of 110,000), although M went
        // from 110,000 to 198,000; the 8th is 2,000 × 9.9 = 19,800.
        Assert.Equal([null, 10_000m, -11_000, 0, 19_800], moves.Select(m => m.MarketCapChange));
        Assert.All(moves, m => Assert.False(m.MarketCapApproximate || m.SharesApproximate));
    }

    [Fact]
    public async Task Days_before_the_first_share_count_use_it_and_are_marked_approximate()
    {
        // The only count, 2,000, is dated 2024-01-04.
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", "Ticker,Date,Shares\nAAA,2024-01-04,2000\n")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", Closes)));

        var moves = await app.MovesAsync("AAA");

        Assert.Equal([2000L, 2000, 2000, 2000, 2000], moves.Select(m => m.Shares));
        Assert.Equal([true, true, false, false, false], moves.Select(m => m.SharesApproximate));
        // ΔM on the 3rd uses S of the 2nd and ΔM on the 4th uses S of the 3rd: both taken from the later count.
        Assert.Equal([false, true, true, false, false], moves.Select(m => m.MarketCapApproximate));
        Assert.Equal(20_000m, moves[1].MarketCapChange); // 2,000 × (110 − 100)
    }

    [Fact]
    public async Task A_company_without_share_counts_has_changes_and_ranks_by_change_but_no_market_cap()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", Closes)));

        var moves = await app.MovesAsync("AAA");

        Assert.All(moves, m => Assert.True(m.Shares is null && m.MarketCap is null && m.MarketCapBefore is null && m.MarketCapChange is null && m.RankByLoss is null));
        Assert.Equal([null, 3, 1, 2, 3], moves.Select(m => m.RankByChange)); // −10% is the worst; the two +10% days tie
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM market_days"));
    }

    [Fact]
    public async Task Share_counts_imported_after_the_prices_give_the_stored_days_their_market_caps()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", Closes)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", "Ticker,Date,Shares\nAAA,2024-01-02,1000\nAAA,2024-01-04,2000\n")));

        var moves = await app.MovesAsync("AAA");

        Assert.Equal([null, 10_000m, -11_000, 0, 19_800], moves.Select(m => m.MarketCapChange));
        Assert.Equal([null, 3, 1, 2, 4], moves.Select(m => m.RankByLoss)); // −11,000, then 0, +10,000, +19,800
    }
}
