using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Market;

/// <summary>
/// σ_t is the sample standard deviation of the previous 250 daily changes (at least 60), and z_t = r_t / σ_t.
/// The series alternate between two closes, so the changes alternate between two values a and b; for n changes,
/// half of each, the mean is (a + b) / 2, every deviation is ±(a − b) / 2, and the sample standard deviation is
/// |a − b| / 2 × √(n / (n − 1)).
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class VolatilityTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly Start = new(2023, 1, 2);

    // 100 → 101 is a = +1%; 101 → 100 is b = 100/101 − 1 = −0.9900990…%.
    private const double SmallUp = 0.01, SmallDown = 100.0 / 101 - 1;

    // 100 → 110 is +10%; 110 → 100 is 100/110 − 1 = −9.0909…%.
    private const double BigUp = 0.10, BigDown = 100.0 / 110 - 1;

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    private static double AlternatingSigma(double a, double b, int n) => Math.Abs(a - b) / 2 * Math.Sqrt(n / (n - 1.0));

    private static IEnumerable<decimal> Alternate(decimal low, decimal high, int changes) =>
        Enumerable.Range(1, changes).Select(i => i % 2 == 1 ? high : low);

    [Fact]
    public async Task Sigma_needs_sixty_earlier_changes_and_z_is_the_change_over_sigma()
    {
        // Day 0 closes at 100; days 1..60 alternate 101, 100 (60 changes, 30 of each); day 61 falls to 90 (−10%).
        var closes = Alternate(100m, 101m, 60).Prepend(100m).Append(90m);
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", PriceFiles.Prices(PriceFiles.Weekdays(Start, closes)))));

        var moves = await app.MovesAsync("AAA");

        Assert.Equal(62, moves.Count);
        // Day 60 has 59 earlier changes: no σ and no z. Day 61 has 60.
        Assert.All(moves.Take(61), m => Assert.True(m.Volatility is null && m.ZScore is null, $"{m.Date}: σ {m.Volatility}"));
        var sigma = AlternatingSigma(SmallUp, SmallDown, 60); // 0.0099502… × √(60/59) = 0.0100343…
        Assert.Equal(sigma, moves[61].Volatility!.Value, 12);
        Assert.Equal(-0.10 / sigma, moves[61].ZScore!.Value, 9); // about −9.97: "a 10-sigma day"
    }

    [Fact]
    public async Task Sigma_uses_only_the_previous_250_changes()
    {
        // 50 big changes (100/110), then 250 small ones (100/101), then a −10% day: its window holds exactly the 250 small
        // changes, 125 of each. Had it reached back one change further, or to the start, σ would take in a ±10% change.
        var closes = Alternate(100m, 110m, 50).Concat(Alternate(100m, 101m, 250)).Prepend(100m).Append(90m).ToList();
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("AAA.csv", PriceFiles.Prices(PriceFiles.Weekdays(Start, closes)))));

        var moves = await app.MovesAsync("AAA");

        var shock = moves[^1];
        Assert.Equal(-0.10, shock.Change!.Value, 12);
        var sigma = AlternatingSigma(SmallUp, SmallDown, 250); // 0.0099502… × √(250/249) = 0.0099702…
        Assert.Equal(sigma, shock.Volatility!.Value, 12);
        Assert.Equal(-0.10 / sigma, shock.ZScore!.Value, 9);
        // Day 100 (the 100th change) looks back on the 50 big changes and 49 small ones: far more volatile.
        Assert.True(moves[100].Volatility > 0.05, $"σ on day 100 is {moves[100].Volatility}");
        // Day 51 looks back on exactly the 50 big changes... fewer than 60, so none.
        Assert.Null(moves[51].Volatility);
        // Day 61: the first with 60 earlier changes, 50 big (25 of each) and 10 small (5 of each); day 60 had only 59.
        Assert.Null(moves[60].Volatility);
        double[] window = [.. Enumerable.Repeat(BigUp, 25), .. Enumerable.Repeat(BigDown, 25), .. Enumerable.Repeat(SmallUp, 5), .. Enumerable.Repeat(SmallDown, 5)];
        Assert.Equal(PriceFiles.SampleStandardDeviation(window), moves[61].Volatility!.Value, 12);
    }
}
