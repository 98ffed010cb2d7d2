using MarketShock.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Market;

/// <summary>
/// A company's series as the charts show it: the days of a range, thinned for long ranges without losing a shock or a
/// labelled day, the distribution of its daily changes, and its drawdowns from the running peak.
/// </summary>
internal static class CompanyHistory
{
    /// <param name="MarketCap">Null when the company has no share count.</param>
    /// <param name="ChangePct">r_t in percent; null on the first day.</param>
    /// <param name="IsShock">The day meets the shock rule (<see cref="Shocks"/>).</param>
    public sealed record Point(DateOnly Date, decimal Close, decimal? MarketCap, double? ChangePct, decimal? MarketCapChange, double? ZScore, bool IsShock)
    {
        /// <summary>What the history chart draws: the market cap, or the close for a company without share counts.</summary>
        public double Value => (double)(MarketCap ?? Close);

        /// <summary>A day that counts in rankings and distributions: it has a change, not across a gap and not a suspected split.</summary>
        public bool IsRanked { get; init; }

        /// <summary>r_t as stored, a fraction: what the rankings compare (<see cref="ChangePct"/> is it times 100, rounded).</summary>
        public double? Change { get; init; }

        /// <summary>What happened that day to the company, if someone labelled it (<see cref="WithLabelsAsync"/>).</summary>
        public EventLabel? Label { get; init; }
    }

    /// <summary>The company's days from <paramref name="from"/> to <paramref name="to"/> (either open), oldest first.</summary>
    public static Task<List<Point>> LoadAsync(MarketShockDbContext db, int companyId, DateOnly? from, DateOnly? to, ShockOptions options, CancellationToken ct)
    {
        var days = db.DailyMoves.Where(m => m.CompanyId == companyId);
        if (from is not null)
            days = days.Where(m => m.Date >= from);
        if (to is not null)
            days = days.Where(m => m.Date <= to);
        return LoadAsync(days, options, ct);
    }

    /// <summary>The company's days on <paramref name="dates"/> (those it has), oldest first.</summary>
    public static Task<List<Point>> LoadAsync(MarketShockDbContext db, int companyId, DateOnly[] dates, ShockOptions options, CancellationToken ct) =>
        LoadAsync(db.DailyMoves.Where(m => m.CompanyId == companyId && dates.Contains(m.Date)), options, ct);

    /// <summary>The <paramref name="before"/> days up to <paramref name="date"/> (the day included) and the <paramref name="after"/>
    /// days after it, oldest first: the days around a date, without reading the rest of the series.</summary>
    public static Task<List<Point>> AroundAsync(MarketShockDbContext db, int companyId, DateOnly date, int before, int after, ShockOptions options, CancellationToken ct)
    {
        var days = db.DailyMoves.Where(m => m.CompanyId == companyId);
        return LoadAsync(days.Where(m => m.Date <= date).OrderByDescending(m => m.Date).Take(before + 1)
            .Concat(days.Where(m => m.Date > date).OrderBy(m => m.Date).Take(after)), options, ct);
    }

    private static async Task<List<Point>> LoadAsync(IQueryable<DailyMove> days, ShockOptions options, CancellationToken ct)
    {
        // The share count rather than the view's M_t: the product of every row, in numeric, cost PostgreSQL more than the rows'
        // reading; in decimal it is the same exact product (scale 6, as the close's).
        var rows = await days.OrderBy(m => m.Date)
            .Select(m => new { m.Date, m.Close, m.Shares, m.Change, m.Ranked, m.ZScore, m.MarketCapChange })
            .Prepared().ToListAsync(ct);
        return rows.Select(r => new Point(r.Date, r.Close, r.Close * r.Shares, r.Change * 100, r.MarketCapChange, r.ZScore,
            Shocks.Matches(options, r.Change, r.Ranked, r.ZScore, r.MarketCapChange)) { IsRanked = r.Ranked, Change = r.Change }).ToList();
    }

    /// <summary>The points with the company's own event labels attached to their days (market-wide labels are not).</summary>
    public static async Task<List<Point>> WithLabelsAsync(MarketShockDbContext db, int companyId, IReadOnlyList<Point> points, CancellationToken ct)
    {
        var labels = await db.EventLabels.AsNoTracking().Where(e => e.CompanyId == companyId).ToDictionaryAsync(e => e.Date, ct);
        return [.. points.Select(p => labels.TryGetValue(p.Date, out var label) ? p with { Label = label } : p)];
    }

    /// <summary>How many of the threshold's worth of points may be shock and labelled days on top of it: a quarter.</summary>
    public const int KeptDaysShare = 4;

    /// <summary>
    /// At most <paramref name="threshold"/> points chosen by largest-triangle-three-buckets, plus the shock days and the
    /// labelled days (the first and last day are always among the chosen): LTTB alone can drop a one-day spike, and a shock or
    /// a label must be drawn. Those days are at most a quarter of the threshold more: the labelled days first, then the worst
    /// shocks by % change. A volatile company can have a shock a week for decades, which kept whole drew thousands of points.
    /// </summary>
    public static List<Point> Downsample(IReadOnlyList<Point> points, int threshold) =>
        Lttb(points, threshold, p => p.Date.DayNumber, p => p.Value, Enumerable.Range(0, points.Count)
            .Where(i => points[i].IsShock || points[i].Label is not null)
            .OrderBy(i => points[i].Label is null).ThenBy(i => points[i].ChangePct).ThenBy(i => i)
            .Take(threshold / KeptDaysShare));

    /// <summary>At most <paramref name="threshold"/> points of a drawdown series, by the same method (its troughs survive).</summary>
    public static List<DrawdownPoint> Downsample(IReadOnlyList<DrawdownPoint> points, int threshold) =>
        Lttb(points, threshold, p => p.Date.DayNumber, p => p.DrawdownPct, []);

    /// <param name="keep">The indexes of the points kept whatever their triangles.</param>
    private static List<T> Lttb<T>(IReadOnlyList<T> points, int threshold, Func<T, double> x, Func<T, double> y, IEnumerable<int> keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 3);
        if (points.Count <= threshold)
            return [.. points];
        var kept = new SortedSet<int>(keep) { 0, points.Count - 1 };
        double X(int i) => x(points[i]);
        double Y(int i) => y(points[i]);
        // The points between the ends fall into threshold − 2 buckets; integer edges, so that no point falls between two.
        var (inner, buckets) = ((long)points.Count - 2, threshold - 2);
        int Edge(int bucket) => (int)(1 + bucket * inner / buckets);
        var previous = 0;
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var (start, end) = (Edge(bucket), Edge(bucket + 1));
            // The average of the next bucket (the last point after the last bucket) is the third corner of the triangles.
            var nextEnd = bucket + 1 < buckets ? Edge(bucket + 2) : points.Count;
            double averageX = 0, averageY = 0;
            for (var j = end; j < nextEnd; j++)
            {
                averageX += X(j);
                averageY += Y(j);
            }
            (averageX, averageY) = (averageX / (nextEnd - end), averageY / (nextEnd - end));
            var (best, bestArea) = (start, -1.0);
            for (var j = start; j < end; j++)
            {
                var area = Math.Abs((X(previous) - averageX) * (Y(j) - Y(previous)) - (X(previous) - X(j)) * (averageY - Y(previous)));
                if (area > bestArea)
                    (best, bestArea) = (j, area);
            }
            kept.Add(best);
            previous = best;
        }
        return [.. kept.Select(i => points[i])];
    }

    /// <summary>The distribution the pages draw: bins of this many percent, the outermost holding everything beyond ±<see cref="BinLimitPct"/>.</summary>
    public const double BinWidthPct = 1, BinLimitPct = 15;

    /// <summary>How many bins the distribution has.</summary>
    private static readonly int Bins = 2 * Edges(BinWidthPct, BinLimitPct);

    /// <param name="FromPct">The bin's lower edge, in percent (included); the first bin also holds every change below it.</param>
    /// <param name="ToPct">Its upper edge (excluded); the last bin also holds every change above it.</param>
    public sealed record Bin(double FromPct, double ToPct, int Count);

    /// <summary>
    /// The daily changes counted in bins of <paramref name="widthPct"/> percent, from the worst bin to the best; the
    /// outermost bins hold everything beyond ±<paramref name="limitPct"/>.
    /// </summary>
    public static List<Bin> Histogram(IEnumerable<double> changesPct, double widthPct = BinWidthPct, double limitPct = BinLimitPct)
    {
        var edges = Edges(widthPct, limitPct);
        return Counted(changesPct.Select(change => Bucket(change, widthPct, edges)), 2 * edges, widthPct);
    }

    /// <summary>The default distribution from the bin indexes of its changes (the months' <see cref="CompanyMonth.Bins"/>).</summary>
    public static List<Bin> HistogramOfBins(IEnumerable<short> bins) => Counted(bins.Select(b => (int)b), Bins, BinWidthPct);

    private static List<Bin> Counted(IEnumerable<int> indexes, int bins, double widthPct)
    {
        var counts = new int[bins];
        foreach (var index in indexes)
            counts[index]++;
        var edges = bins / 2;
        return [.. counts.Select((count, i) => new Bin((i - edges) * widthPct, (i - edges + 1) * widthPct, count))];
    }

    /// <summary>The index of the bin of <paramref name="changePct"/> in <see cref="Histogram(IEnumerable{double}, double, double)"/>'s list.</summary>
    public static int BinIndex(double changePct, double widthPct = BinWidthPct, double limitPct = BinLimitPct) =>
        Bucket(changePct, widthPct, Edges(widthPct, limitPct));

    /// <summary><see cref="BinIndex"/> in SQL, of r_t as stored (a fraction, <c>float8</c>): the same floating-point steps, so
    /// that the bins write_months.sql counts are the ones the pages compute.</summary>
    public static string BinIndexSql(string change)
    {
        var edges = Edges(BinWidthPct, BinLimitPct);
        return FormattableString.Invariant(
            $"least(greatest(floor(round({change} * 100::float8 / {BinWidthPct}::float8 * 1e9::float8) / 1e9::float8), -{edges}), {edges - 1})::int + {edges}");
    }

    private static int Edges(double widthPct, double limitPct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthPct);
        return Math.Max(1, (int)Math.Round(limitPct / widthPct));
    }

    // Rounded to 9 decimals before the floor so that a change on an edge lands in the bin it starts: 0.3 / 0.1 is
    // 2.9999999999999996. Spelled out (× 10⁹, to the nearest even, ÷ 10⁹) as BinIndexSql does it in float8.
    private static int Bucket(double change, double width, int edges) =>
        Math.Clamp((int)Math.Floor(Math.Round(change / width * 1e9) / 1e9) + edges, 0, 2 * edges - 1);

    /// <param name="DrawdownPct">The close against the highest close so far, in percent (0 at a new high).</param>
    public sealed record DrawdownPoint(DateOnly Date, double DrawdownPct);

    /// <param name="Peak">The last high before the fall.</param>
    /// <param name="Trough">The lowest close before the recovery.</param>
    /// <param name="Recovered">The first close back at the peak; null while the drawdown is open.</param>
    public sealed record Drawdown(DateOnly Peak, DateOnly Trough, double DepthPct, DateOnly? Recovered, int TradingDays);

    /// <summary>The distance of each close from its running peak.</summary>
    public static List<DrawdownPoint> DrawdownSeries(IReadOnlyList<Point> points)
    {
        var result = new List<DrawdownPoint>(points.Count);
        var peak = 0m;
        foreach (var point in points)
        {
            peak = Math.Max(peak, point.Close);
            result.Add(new DrawdownPoint(point.Date, (double)(point.Close / peak - 1) * 100));
        }
        return result;
    }

    /// <summary>The deepest <paramref name="count"/> episodes from a peak to its recovery (or to today), deepest first.</summary>
    public static List<Drawdown> WorstDrawdowns(IReadOnlyList<Point> points, int count)
    {
        var episodes = new List<Drawdown>();
        int peak = 0, trough = 0;
        for (var i = 1; i <= points.Count; i++)
        {
            var atEnd = i == points.Count;
            if (!atEnd && points[i].Close < points[peak].Close)
            {
                if (points[i].Close < points[trough].Close)
                    trough = i;
                continue;
            }
            if (trough != peak)
            {
                var depth = (double)(points[trough].Close / points[peak].Close - 1) * 100;
                episodes.Add(new Drawdown(points[peak].Date, points[trough].Date, depth, atEnd ? null : points[i].Date, (atEnd ? points.Count - 1 : i) - peak));
            }
            if (!atEnd)
                (peak, trough) = (i, i);
        }
        return [.. episodes.OrderBy(e => e.DepthPct).Take(count)];
    }
}
