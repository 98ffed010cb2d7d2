using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Companies;

/// <summary>What the permalink page shows around a day's figures: its history, its place among all days, the benchmark, neighbouring shocks.</summary>
internal static class DayContext
{
    public const int DaysBefore = 30, DaysAfter = 60, HistoryPoints = 500, CompareEvents = 3, BoardRanks = 1000;

    public sealed record Shock(DateOnly Date, double? ChangePct, decimal? MarketCapChange);

    public sealed record Benchmark(string Ticker, decimal Close, decimal PreviousClose, double ChangePct);

    /// <param name="Approximate">Taken from a later observation: the day is before the company's first share count.</param>
    public sealed record ShareCount(DateOnly Date, long Shares, bool Approximate);

    public sealed record Event(string Ticker, string Name, DateOnly Date, double ChangePct, decimal? MarketCapChange);

    /// <param name="BoardRank">The day's place among every company's down days (by ΔM, or by change without a market cap); above <see cref="BoardRanks"/> it is not among them.</param>
    /// <param name="LargestOfAll">The day heads the whole leaderboard (<see cref="ShockBoard"/>).</param>
    /// <param name="BestRank">For an up day: its place among the company's ranked days, best first.</param>
    /// <param name="Window">The days from <see cref="DaysBefore"/> trading days before to <see cref="DaysAfter"/> after.</param>
    /// <param name="History">The whole series, thinned, with the day itself and its shocks (the worst, when they are many): from
    /// every day up to <see cref="ThinnedFromEveryDayUpTo"/>, else from the months' days and the worst shocks.</param>
    /// <param name="HistoryShocks">How many shock days the whole series has.</param>
    /// <param name="Bin">The histogram bin of the day's change.</param>
    public sealed record View(int? BoardRank, bool LargestOfAll, int? BestRank, DateOnly LastDate,
        IReadOnlyList<CompanyHistory.Point> Window, IReadOnlyList<CompanyHistory.Point> History, int HistoryDays, int HistoryShocks,
        IReadOnlyList<CompanyHistory.Bin> Bins, int? Bin, Benchmark? Benchmark, Shock? PreviousShock, Shock? NextShock,
        ShareCount? SharesUsed, IReadOnlyList<Event> CompanyWorst, IReadOnlyList<Event> MarketWorst);

    /// <summary>
    /// Up to this many days, the whole history is thinned from every day; a longer one from its months (<see cref="CompanyMonth"/>:
    /// the first, last, lowest and highest day of each, about 4 of 21) and its worst shocks, so that a permalink reads a few
    /// hundred of its rows however long the series. At this length the months give about as many points as are drawn.
    /// </summary>
    public const int ThinnedFromEveryDayUpTo = 2_500;

    public static async Task<View> LoadAsync(MarketShockDbContext db, CompanyDays.Figures figures, ShockOptions options, ReaderOptions reader,
        CancellationToken ct)
    {
        var (m, id) = (figures.Move, figures.Company.Id);
        var months = await db.CompanyMonths.AsNoTracking().Where(c => c.CompanyId == id).OrderBy(c => c.Month).Prepared().ToListAsync(ct);
        var days = months.Sum(c => c.Days);
        var window = await CompanyHistory.AroundAsync(db, id, m.Date, DaysBefore, DaysAfter, options, ct);
        var companyDays = db.DailyMoves.Where(d => d.CompanyId == id);
        // The company's shocks, in the index of its down days alone (ix_daily_prices_down_days).
        var shocks = companyDays.Where(Market.Shocks.IsShock(options));
        List<CompanyHistory.Point> thinnedFrom;
        if (days <= ThinnedFromEveryDayUpTo)
            thinnedFrom = await CompanyHistory.LoadAsync(db, id, null, null, options, ct);
        else
        {
            // The worst shocks the thinning keeps (Downsample's order), and the months' days.
            var worst = await shocks.OrderBy(d => d.Change).ThenBy(d => d.Date).Take(HistoryPoints / CompanyHistory.KeptDaysShare)
                .Select(d => d.Date).Prepared().ToListAsync(ct);
            thinnedFrom = await CompanyHistory.LoadAsync(db, id,
                [.. months.SelectMany(c => new[] { c.FirstDate, c.LowDate, c.HighDate, c.LastDate }).Concat(worst).Append(m.Date).Distinct()], options, ct);
        }
        var day = window.Single(p => p.Date == m.Date);
        var history = CompanyHistory.Downsample(thinnedFrom, HistoryPoints);
        if (!history.Any(p => p.Date == m.Date))
            history = [.. history.Append(day).OrderBy(p => p.Date)];
        // A move across a gap or a suspected split is not a one-day change: the months hold the bins of ranked ones only.
        var bins = CompanyHistory.HistogramOfBins(months.SelectMany(c => c.Bins));
        var bin = m.Change is { } change && m.Ranked ? CompanyHistory.BinIndex(change * 100) : (int?)null;

        var byMoney = m.MarketCapChange is not null;
        var isDown = m.Change < 0 && m.Ranked;
        var downDays = db.DailyMoves.Where(Market.Shocks.IsDownDay);
        // Counted along the leaderboard's partial index and stopped at BoardRanks, so that the cost does not grow with the data.
        var worse = byMoney ? downDays.Where(d => d.MarketCapChange < m.MarketCapChange) : downDays.Where(d => d.Change < m.Change);
        var top = isDown
            ? await ShockBoard.Query(db, new ShockBoard.Filter(Order: byMoney ? ShockBoard.Sort.Loss : ShockBoard.Sort.Change), options, withRank: false).Prepared().FirstOrDefaultAsync(ct)
            : null;
        // The company's own ranks and neighbours, each a probe of an index of its days: the ranked days by change, its down days.
        // The counts in one statement (a page's cost is more its statements than their index probes), each only for the days it is shown for.
        var isUp = m.Change > 0 && m.Ranked;
        var counts = await db.Companies.Where(c => c.Id == id)
            .Select(c => new
            {
                Worse = isDown ? worse.Take(BoardRanks).Count() : 0,
                Better = isUp ? companyDays.Count(d => d.Ranked && d.Change > m.Change) : 0,
                Shocks = shocks.Count(),
            })
            .Prepared().FirstAsync(ct);
        var neighbours = await shocks.Where(d => d.Date < m.Date).OrderByDescending(d => d.Date).Take(1)
            .Concat(shocks.Where(d => d.Date > m.Date).OrderBy(d => d.Date).Take(1))
            .Select(d => new Shock(d.Date, d.Change * 100, d.MarketCapChange)).Prepared().ToListAsync(ct);
        // Worst first as ShockBoard sorts them: by ΔM (nulls last, as PostgreSQL sorts ascending) or by change, then change and date.
        var others = shocks.Where(d => d.Date != m.Date);
        var worstFirst = byMoney
            ? others.OrderBy(d => d.MarketCapChange == null).ThenBy(d => d.MarketCapChange).ThenBy(d => d.Change)
            : others.OrderBy(d => d.Change);
        var own = await worstFirst.ThenBy(d => d.Date).Take(CompareEvents)
            .Select(d => new Event(figures.Company.Ticker, figures.Company.Name, d.Date, d.Change!.Value * 100, d.MarketCapChange)).Prepared().ToListAsync(ct);
        var market = await ShockBoard.Query(db, new ShockBoard.Filter(ShocksOnly: true), options, withRank: false).Take(50).Prepared().ToListAsync(ct);

        return new View(isDown ? 1 + counts.Worse : null, top is not null && top.Ticker == figures.Company.Ticker && top.Date == m.Date,
            isUp ? 1 + counts.Better : null, months.Count > 0 ? months[^1].LastDate : window[^1].Date, window, history, days, counts.Shocks,
            bins, bin, await BenchmarkAsync(db, figures, reader, ct),
            neighbours.FirstOrDefault(s => s.Date < m.Date), neighbours.FirstOrDefault(s => s.Date > m.Date), await SharesUsedAsync(db, m, id, ct),
            own, [.. market.Where(r => r.Ticker != figures.Company.Ticker).DistinctBy(r => r.Ticker).Take(CompareEvents).Select(ToEvent)]);
    }

    /// <summary>The company's nearest trading days on or before and after a date it has no data for.</summary>
    public static async Task<(DateOnly? Before, DateOnly? After)> NeighboursAsync(MarketShockDbContext db, int companyId, DateOnly around, CancellationToken ct)
    {
        var days = db.DailyMoves.Where(d => d.CompanyId == companyId);
        return (await days.Where(d => d.Date <= around).MaxAsync(d => (DateOnly?)d.Date, ct),
            await days.Where(d => d.Date > around).MinAsync(d => (DateOnly?)d.Date, ct));
    }

    /// <summary>The benchmark's move the same day; none on its own page or when it has no move that day.</summary>
    private static async Task<Benchmark?> BenchmarkAsync(MarketShockDbContext db, CompanyDays.Figures figures, ReaderOptions reader, CancellationToken ct)
    {
        var ticker = Tickers.Normalise(reader.Benchmark);
        if (ticker == figures.Company.Ticker || figures.Move.Change is null)
            return null;
        var date = figures.Move.Date;
        return await (from b in db.DailyMoves
                      join c in db.Companies on b.CompanyId equals c.Id
                      where c.Ticker == ticker && b.Date == date && b.Change != null
                      select new Benchmark(c.Ticker, b.Close, b.PreviousClose!.Value, b.Change!.Value * 100))
            .Prepared().FirstOrDefaultAsync(ct);
    }

    /// <summary>S_{t−1}: the share count in effect on the previous day, the latest dated on or before it, else the earliest (approximate).</summary>
    private static async Task<ShareCount?> SharesUsedAsync(MarketShockDbContext db, DailyMove m, int id, CancellationToken ct)
    {
        if (m.PreviousDate is not { } previous)
            return null;
        var counts = db.SharesOutstanding.Where(s => s.CompanyId == id);
        return await counts.Where(s => s.Date <= previous).OrderByDescending(s => s.Date)
                .Select(s => new ShareCount(s.Date, s.Shares, false)).Prepared().FirstOrDefaultAsync(ct)
            ?? await counts.OrderBy(s => s.Date).Select(s => new ShareCount(s.Date, s.Shares, true)).Prepared().FirstOrDefaultAsync(ct);
    }

    private static Event ToEvent(ShockBoard.Row r) => new(r.Ticker, r.Name, r.Date, r.ChangePct, r.MarketCapChange);
}
