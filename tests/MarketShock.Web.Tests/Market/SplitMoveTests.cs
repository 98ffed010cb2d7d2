using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>A split is never a crash: a raw series across a 10-for-1 split moves exactly as the adjusted series does.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SplitMoveTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    // NVDA around its 10-for-1 split of 2024-06-10, as traded (RAW) and as a split-adjusted download gives it (ADJ).
    private static readonly string Raw = PriceFiles.Prices(("2024-06-05", 1224.4m), ("2024-06-06", 1209.98m), ("2024-06-07", 1208.88m),
        ("2024-06-10", 121.79m), ("2024-06-11", 120.91m));

    private static readonly string Adjusted = PriceFiles.Prices(("2024-06-05", 122.44m), ("2024-06-06", 120.998m), ("2024-06-07", 120.888m),
        ("2024-06-10", 121.79m), ("2024-06-11", 120.91m));

    private const string Splits = "Ticker,Date,Ratio\nRAW,2024-06-10,10-for-1\nADJ,2024-06-10,10-for-1\n";

    // As reported: 2,464,000,000 shares before the split, 24,640,000,000 after.
    private const string Shares = "Ticker,Date,Shares\nRAW,2024-05-31,2464000000\nRAW,2024-06-30,24640000000\n";

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_raw_series_and_its_split_record_move_as_the_adjusted_series_on_every_day(bool splitsFirst)
    {
        if (splitsFirst)
            ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", Splits)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("RAW.csv", Raw)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("ADJ.csv", Adjusted)));
        if (!splitsFirst)
            ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", Splits)));

        var raw = await app.MovesAsync("RAW");
        var adjusted = await app.MovesAsync("ADJ");

        Assert.Equal(adjusted.Select(m => m.Change is { } r ? Math.Round(r, 12) : (double?)null), raw.Select(m => m.Change is { } r ? Math.Round(r, 12) : (double?)null));
        // The split day: 121.79 / 120.888 − 1 = +0.746%, not 121.79 / 1,208.88 − 1 = −89.9%.
        Assert.Equal(121.79 / 120.888 - 1, raw[3].Change!.Value, 12);
        Assert.Equal(1, raw[1].RankByChange); // the worst day is 06-06 (−1.18%), not the split
    }

    [Fact]
    public async Task Share_counts_reported_before_the_split_are_restated_so_the_split_day_has_no_fake_loss()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("splits.csv", Splits)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", Shares)));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("RAW.csv", Raw)));

        var splitDay = await app.MoveAsync("RAW", "2024-06-10");

        // S_{t−1} = 2,464,000,000 × 10 = 24,640,000,000; ΔM = 24,640,000,000 × (121.79 − 120.888) = 22,225,280,000.
        Assert.Equal(24_640_000_000L, splitDay.Shares);
        Assert.Equal(22_225_280_000m, splitDay.MarketCapChange);
    }
}
