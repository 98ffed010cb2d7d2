using MarketShock.Market;

namespace MarketShock.Tests.Market;

/// <summary>The company chart's series arithmetic: downsampling that keeps shocks and labelled days, the histogram's bins and the drawdowns.</summary>
public sealed class CompanyHistoryTests
{
    private static readonly DateOnly Start = new(2024, 1, 1);

    [Fact]
    public void Downsampling_picks_the_point_of_each_bucket_that_spans_the_largest_triangle()
    {
        // Seven days (x = 0..6), threshold 4: the ends plus one point from each of two buckets of the five inner ones,
        // split at 1 + k·5/2 → {1, 2} and {3, 4, 5}. Triangle areas |(ax − cx)(by − ay) − (ax − bx)(cy − ay)|:
        // bucket 1: a = (0, 20), c = the next bucket's average (4, 17.33): day 1 (1, 20) → 2.67, day 2 (2, 30) → 45.33: day 2.
        // bucket 2: a = (2, 30), c = the last day (6, 20): day 3 → 30, day 4 → 20, day 5 (5, 12) → 42: day 5.
        var points = Series(20, 20, 30, 20, 20, 12, 20);

        var kept = CompanyHistory.Downsample(points, 4);

        Assert.Equal([0, 2, 5, 6], kept.Select(Index));
    }

    [Fact]
    public void Downsampling_keeps_every_shock_day_on_top_of_the_threshold()
    {
        // The same series with day 3 a shock: LTTB still picks days 2 and 5, and day 3 is added, 4 + 1 points.
        var points = Series(20, 20, 30, 20, 20, 12, 20);
        points[3] = points[3] with { IsShock = true };

        var kept = CompanyHistory.Downsample(points, 4);

        Assert.Equal([0, 2, 3, 5, 6], kept.Select(Index));
    }

    [Fact]
    public void Downsampling_keeps_every_labelled_day_on_top_of_the_threshold()
    {
        // The same series with day 4 labelled (no shock): LTTB still picks days 2 and 5, and day 4 is added.
        var points = Series(20, 20, 30, 20, 20, 12, 20);
        points[4] = points[4] with { Label = new EventLabel { Date = points[4].Date, Label = "Investor day" } };

        var kept = CompanyHistory.Downsample(points, 4);

        Assert.Equal([0, 2, 4, 5, 6], kept.Select(Index));
        Assert.Equal("Investor day", kept[2].Label?.Label);
    }

    [Fact]
    public void A_long_series_is_thinned_to_at_most_the_threshold_plus_its_shocks_keeping_the_ends_and_every_shock()
    {
        var random = new Random(7);
        var value = 100.0;
        var points = Enumerable.Range(0, 2_553).Select(i =>
        {
            value *= 1 + (random.NextDouble() - 0.5) * 0.04;
            return Point(i, (decimal)value, isShock: i % 97 == 13);
        }).ToList();
        var shocks = points.Where(p => p.IsShock).Select(p => p.Date).ToList();

        var kept = CompanyHistory.Downsample(points, 1_000);

        Assert.InRange(kept.Count, 1_000 - shocks.Count, 1_000 + shocks.Count);
        Assert.Equal(points[0], kept[0]);
        Assert.Equal(points[^1], kept[^1]);
        Assert.Empty(shocks.Except(kept.Select(p => p.Date)));
        Assert.Equal(kept.Select(p => p.Date).Order(), kept.Select(p => p.Date));
        Assert.Equal(kept.Count, kept.Select(p => p.Date).Distinct().Count());
    }

    [Fact]
    public void A_series_with_more_shocks_than_a_quarter_of_the_threshold_keeps_its_labelled_days_and_its_worst_shocks()
    {
        // 2,000 days, every fourth a shock (500) falling by 10% plus a tenth of a point per day, so that later shocks are worse;
        // day 1,001 is labelled. Threshold 400: at most 100 days kept on top of it, the labelled day and the 99 worst shocks
        // (days 1,604 to 1,996).
        var points = Enumerable.Range(0, 2_000).Select(i => i % 4 == 0
            ? Point(i, 100, isShock: true) with { ChangePct = -10 - i / 1_000.0 }
            : Point(i, 100 + i % 7) with { ChangePct = 0.5 }).ToList();
        points[1_001] = points[1_001] with { Label = new EventLabel { Date = points[1_001].Date, Label = "Capital markets day" } };

        var kept = CompanyHistory.Downsample(points, 400);

        Assert.InRange(kept.Count, 101, 400 + 100);
        Assert.Contains(kept, p => Index(p) == 1_001);
        var worst = Enumerable.Range(0, 99).Select(k => 1_996 - 4 * k).Order();
        Assert.Empty(worst.Except(kept.Select(Index)));
        Assert.Equal(points[0], kept[0]);
        Assert.Equal(points[^1], kept[^1]);
        Assert.Equal(kept.Select(p => p.Date).Order(), kept.Select(p => p.Date));
    }

    [Fact]
    public void A_series_within_the_threshold_is_kept_whole()
    {
        var points = Series(1, 2, 3, 4, 5);

        Assert.Equal(points, CompanyHistory.Downsample(points, 5));
    }

    [Fact]
    public void A_drawdown_series_is_thinned_and_keeps_its_deepest_point()
    {
        // A V-shaped fall to −60% at day 500 of 1,001: the trough is the largest triangle of its bucket.
        var series = Enumerable.Range(0, 1_001)
            .Select(i => new CompanyHistory.DrawdownPoint(Start.AddDays(i), -60 + Math.Abs(i - 500) * 0.12)).ToList();

        var kept = CompanyHistory.Downsample(series, 100);

        Assert.True(kept.Count <= 100, $"{kept.Count} points");
        Assert.Contains(kept, p => p.DrawdownPct == -60);
    }

    [Fact]
    public void The_histogram_counts_changes_in_one_point_bins_with_the_outermost_bins_open()
    {
        // 30 bins of 1 point from −15% to +15%; bin i holds [i − 15, i − 14). Below −14% all goes to bin 0 (−16.97, −15,
        // −14.5), [0, 1) is bin 15 (0, 0.3, 0.99), 1 is bin 16, and 14% and above all goes to bin 29 (14.99, 15, 22).
        double[] changes = [-16.97, -15, -14.5, -0.5, 0, 0.3, 0.99, 1, 14.99, 15, 22];

        var bins = CompanyHistory.Histogram(changes);

        Assert.Equal(30, bins.Count);
        Assert.Equal((-15.0, -14.0), (bins[0].FromPct, bins[0].ToPct));
        Assert.Equal((14.0, 15.0), (bins[29].FromPct, bins[29].ToPct));
        var expected = new int[30];
        (expected[0], expected[14], expected[15], expected[16], expected[29]) = (3, 1, 3, 1, 3);
        Assert.Equal(expected, bins.Select(b => b.Count));
        Assert.Equal(changes.Length, bins.Sum(b => b.Count));
    }

    [Theory]
    [InlineData(-16.97, 1, 15, 0)]    // beyond the limit: the open bottom bin
    [InlineData(-0.5, 1, 15, 14)]     // [−1, 0)
    [InlineData(0, 1, 15, 15)]        // [0, 1): an edge belongs to the bin it starts
    [InlineData(0.3, 0.1, 15, 153)]   // [0.3, 0.4), although 0.3 / 0.1 is 2.9999999999999996 in floating point
    [InlineData(0.29, 0.1, 15, 152)]  // [0.2, 0.3)
    [InlineData(-0.3, 0.1, 15, 147)]  // [−0.3, −0.2)
    [InlineData(2.5, 0.5, 5, 15)]     // 10 edges a side: [2.5, 3) is 5 + 10
    public void A_change_falls_into_the_bin_whose_lower_edge_it_reaches(double change, double width, double limit, int bin)
    {
        Assert.Equal(bin, CompanyHistory.BinIndex(change, width, limit));
        Assert.Equal(1, CompanyHistory.Histogram([change], width, limit)[bin].Count);
    }

    [Fact]
    public void The_drawdown_is_each_close_against_the_highest_close_so_far()
    {
        // Peaks 100, 120, 120, 120, 120, 130, 130 → 0, 0, 90/120 − 1, 60/120 − 1, 0, 0, 117/130 − 1.
        var points = Series(100, 120, 90, 60, 120, 130, 117);

        var drawdown = CompanyHistory.DrawdownSeries(points);

        Assert.Equal(points.Select(p => p.Date), drawdown.Select(d => d.Date));
        Assert.Equal([0, 0, -25, -50, 0, 0, -10], drawdown.Select(d => d.DrawdownPct), new Close(9));
    }

    [Fact]
    public void The_worst_drawdowns_run_from_a_peak_to_the_first_close_back_at_it_or_stay_open_deepest_first()
    {
        // Day 1 (120) falls to 60 on day 3 (−50%) and is back at 120 on day 4: 3 trading days. Day 5 (130) falls to 117
        // on the last day (−10%), still open after 1 trading day.
        var points = Series(100, 120, 90, 60, 120, 130, 117);

        var worst = CompanyHistory.WorstDrawdowns(points, 5);

        Assert.Equal(2, worst.Count);
        Assert.Equal((Day(1), Day(3), (DateOnly?)Day(4), 3), (worst[0].Peak, worst[0].Trough, worst[0].Recovered, worst[0].TradingDays));
        Assert.Equal(-50, worst[0].DepthPct, 9);
        Assert.Equal((Day(5), Day(6), (DateOnly?)null, 1), (worst[1].Peak, worst[1].Trough, worst[1].Recovered, worst[1].TradingDays));
        Assert.Equal(-10, worst[1].DepthPct, 9);
        Assert.Equal([worst[0]], CompanyHistory.WorstDrawdowns(points, 1));
    }

    [Fact]
    public void A_close_equal_to_the_peak_ends_the_drawdown_and_a_series_that_only_rises_has_none()
    {
        // 100 → 80 (−20%) → 100: recovered on day 2, 2 trading days after the peak.
        var recovered = Assert.Single(CompanyHistory.WorstDrawdowns(Series(100, 80, 100, 110), 10));
        Assert.Equal((Day(0), Day(1), (DateOnly?)Day(2), 2), (recovered.Peak, recovered.Trough, recovered.Recovered, recovered.TradingDays));
        Assert.Empty(CompanyHistory.WorstDrawdowns(Series(1, 2, 3), 10));
        Assert.Empty(CompanyHistory.WorstDrawdowns([], 10));
    }

    private static DateOnly Day(int i) => Start.AddDays(i);

    private static int Index(CompanyHistory.Point point) => point.Date.DayNumber - Start.DayNumber;

    private static CompanyHistory.Point Point(int day, decimal close, bool isShock = false) =>
        new(Day(day), close, null, null, null, null, isShock);

    private static List<CompanyHistory.Point> Series(params decimal[] closes) => [.. closes.Select((c, i) => Point(i, c))];

    private sealed class Close(int digits) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Round(x - y, digits) == 0;

        public int GetHashCode(double obj) => 0;
    }
}
