using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>
/// A move more than 5 calendar days after the previous row spans a gap in the data: it is flagged and left out of
/// ranks, worst-since, σ and the market days, so a missing week never shows as a one-day crash.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class GapTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    //             close  days since previous row
    // 2024-01-02  100
    // 2024-01-03  101    1
    // 2024-01-12   80    9: a gap; −20.79% is not a one-day move
    // 2024-01-16   79    4 (a long weekend): −1.25%
    // 2024-01-22   78    6: a gap again; −1.27%
    // 2024-01-23   76    1: −2.56%
    // 2024-01-26   75    3: −1.32%
    // 2024-01-31   74    5: −1.33%
    private static readonly string Closes = PriceFiles.Prices(("2024-01-02", 100m), ("2024-01-03", 101m), ("2024-01-12", 80m),
        ("2024-01-16", 79m), ("2024-01-22", 78m), ("2024-01-23", 76m), ("2024-01-26", 75m), ("2024-01-31", 74m));

    private readonly Files _files = new();

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", "Ticker,Date,Shares\nAAA,2024-01-02,1000\n")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", Closes)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Only_moves_after_more_than_five_calendar_days_are_flagged()
    {
        var moves = await app.MovesAsync("AAA");

        Assert.Equal([false, false, true, false, true, false, false, false], moves.Select(m => m.AfterGap));
        // The change itself is still the close against the previous row's.
        Assert.Equal(80.0 / 101 - 1, moves[2].Change!.Value, 12);
    }

    [Fact]
    public async Task A_move_after_a_gap_is_not_ranked_and_not_anyone_s_worst_since()
    {
        var moves = await app.MovesAsync("AAA");

        Assert.Null(moves[2].RankByChange);
        Assert.Null(moves[2].RankByLoss);
        Assert.Null(moves[2].ZScore);
        // Ranked: −2.56% (01-23) 1st, −1.33% (01-31) 2nd, −1.32% (01-26, 75/76) 3rd, −1.25% (01-16) 4th, +1% (01-03) 5th.
        Assert.Equal([null, 5, null, 4, null, 1, 3, 2], moves.Select(m => m.RankByChange));
        // 01-23's −2.56% would be the worst since 01-12's −20.8% if the gap counted: it is the worst in the data.
        Assert.Null(moves[5].WorstSince);
    }

    [Fact]
    public async Task A_move_after_a_gap_is_left_out_of_the_market_day()
    {
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM market_days WHERE date = '2024-01-12'"));
        // 01-23: 1,000 × (76 − 78) = −2,000.
        Assert.Equal(-2000m, await app.ScalarAsync<decimal>("SELECT market_cap_change FROM market_days WHERE date = '2024-01-23' AND sector = ''"));
    }
}
