using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>Rank in company (by ΔM and by r, with ties), worst-since, recovery and the open drawdown, on one hand-worked series.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class HistoryFigureTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    //             close   r                 ΔM (1,000 shares)
    // 2024-01-02  100     —                 —
    // 2024-01-03   90     −10%              −10,000
    // 2024-01-04   95     +5.5556% (95/90)  +5,000
    // 2024-01-05  100     +5.2632% (100/95) +5,000
    // 2024-01-08   90     −10%              −10,000
    // 2024-01-09   85.5   −5%               −4,500
    // 2024-01-10   95     +11.111% (95/85.5) +9,500
    private static readonly string Closes = PriceFiles.Prices(("2024-01-02", 100m), ("2024-01-03", 90m), ("2024-01-04", 95m),
        ("2024-01-05", 100m), ("2024-01-08", 90m), ("2024-01-09", 85.5m), ("2024-01-10", 95m));

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
    public async Task Days_are_ranked_by_change_with_ties_sharing_a_rank()
    {
        var moves = await app.MovesAsync("AAA");

        // −10% (twice) share 1st, then −5% 3rd, +5.26% 4th, +5.56% 5th, +11.1% 6th.
        Assert.Equal([null, 1, 5, 4, 1, 3, 6], moves.Select(m => m.RankByChange));
    }

    [Fact]
    public async Task Days_are_ranked_by_market_cap_change_with_ties_sharing_a_rank()
    {
        var moves = await app.MovesAsync("AAA");

        // −10,000 (twice) share 1st, then −4,500 3rd, +5,000 (twice) share 4th, +9,500 6th.
        Assert.Equal([null, 1, 4, 4, 1, 3, 6], moves.Select(m => m.RankByLoss));
    }

    [Fact]
    public async Task A_down_day_is_the_worst_since_the_latest_earlier_day_at_least_as_bad()
    {
        var moves = await app.MovesAsync("AAA");

        // 01-03: nothing earlier is as bad (the worst in the data). 01-08 (−10%): 01-03 was as bad. 01-09 (−5%): 01-08.
        // Up days have no worst-since.
        Assert.Equal([null, null, null, null, new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 8), null], moves.Select(m => m.WorstSince));
    }

    [Fact]
    public async Task A_down_day_recovers_on_the_first_later_close_at_or_above_the_previous_close()
    {
        var moves = await app.MovesAsync("AAA");

        // 01-03 fell from 100: 95 on 01-04 is short, 100 on 01-05 is back: recovered in 2 trading days.
        Assert.Equal((new DateOnly(2024, 1, 5), 2), (moves[1].RecoveryDate!.Value, moves[1].RecoveryDays!.Value));
        // 01-09 fell from 90: 95 on 01-10 is above it: 1 trading day.
        Assert.Equal((new DateOnly(2024, 1, 10), 1), (moves[5].RecoveryDate!.Value, moves[5].RecoveryDays!.Value));
        Assert.Null(moves[1].OpenDrawdown);
    }

    [Fact]
    public async Task A_down_day_not_recovered_yet_shows_the_open_drawdown()
    {
        var moves = await app.MovesAsync("AAA");

        // 01-08 fell from 100 and the latest close is 95: still 5% below.
        var open = moves[4];
        Assert.Null(open.RecoveryDate);
        Assert.Null(open.RecoveryDays);
        Assert.Equal(-0.05, open.OpenDrawdown!.Value, 12);
    }

    [Fact]
    public async Task A_later_close_closes_the_open_drawdown()
    {
        var later = _files.Write("later/AAA.csv", PriceFiles.Prices(("2024-01-11", 99m), ("2024-01-12", 101m)));
        ImportHelpers.AssertImported(await app.ImportAsync(later));

        var moves = await app.MovesAsync("AAA");

        // 01-08 fell from 100: 99 on 01-11 is short, 101 on 01-12 is back, 4 trading days later (09, 10, 11, 12).
        Assert.Equal((new DateOnly(2024, 1, 12), 4), (moves[4].RecoveryDate!.Value, moves[4].RecoveryDays!.Value));
        Assert.Null(moves[4].OpenDrawdown);
        // The ranks now count two more changes, +4.21% (99/95) and +2.02% (101/99): the +5.26% day moved from 4th to 6th.
        Assert.Equal(6, moves[3].RankByChange);
    }
}
