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
    /// <param name="History">The whole series, thinned, with the day itself and its shocks (the worst, when they are many).</param>
    /// <param name="HistoryShocks">How many shock days the whole series has.</param>
    /// <param name="Bin">The histogram bin of the day's change.</param>
    public sealed record View(int? BoardRank, bool LargestOfAll, int? BestRank, DateOnly LastDate,
        IReadOnlyList<CompanyHistory.Point> Window, IReadOnlyList<CompanyHistory.Point> History, int HistoryDays, int HistoryShocks,
        IReadOnlyList<CompanyHistory.Bin> Bins, int? Bin, Benchmark? Benchmark, Shock? PreviousShock, Shock? NextShock,
        ShareCount? SharesUsed, IReadOnlyList<Event> CompanyWorst, IReadOnlyList<Event> MarketWorst);

    public static async Task<View> LoadAsync(MarketShockDbContext db, CompanyDays.Figures figures, ShockOptions options, ReaderOptions reader,
        CancellationToken ct)
    {
        var (m, id) = (figures.Move, figures.Company.Id);
        var all = await CompanyHistory.LoadAsync(db, id, null, null, options, ct);
        var at = all.FindIndex(p => p.Date == m.Date);
        var first = Math.Max(0, at - DaysBefore);
        var window = all.GetRange(first, Math.Min(all.Count - 1, at + DaysAfter) - first + 1);
        var history = CompanyHistory.Downsample(all, HistoryPoints);
        if (!history.Contains(all[at]))
            history = [.. history.Append(all[at]).OrderBy(p => p.Date)];
        // A move across a gap or a suspected split is not a one-day change: it stays out of the distribution.
        var bins = CompanyHistory.Histogram(all.Where(p => p.IsRanked).Select(p => p.ChangePct!.Value));
        var bin = m.Change is { } change && m.Ranked ? CompanyHistory.BinIndex(change * 100) : (int?)null;

        var byMoney = m.MarketCapChange is not null;
        var isDown = m.Change < 0 && m.Ranked;
        var downDays = db.DailyMoves.Where(Market.Shocks.IsDownDay);
        // Counted along the leaderboard's partial index and stopped at BoardRanks, so that the cost does not grow with the data.
        var worse = byMoney ? downDays.Where(d => d.MarketCapChange < m.MarketCapChange) : downDays.Where(d => d.Change < m.Change);
        var boardRank = isDown ? 1 + await worse.Take(BoardRanks).CountAsync(ct) : (int?)null;
        var top = isDown
            ? await ShockBoard.Query(db, new ShockBoard.Filter(Order: byMoney ? ShockBoard.Sort.Loss : ShockBoard.Sort.Change), options, withRank: false).FirstOrDefaultAsync(ct)
            : null;
        // The rest is the company's own series, already read: ranked against it in memory, with the orders and the shock
        // rule the queries of the leaderboard use, rather than one more query each along the company's days.
        int? bestRank = m.Change > 0 && m.Ranked ? 1 + all.Count(p => p.IsRanked && p.Change > m.Change) : null;
        var shocksOf = all.Where(p => p.IsShock).ToList();
        var previous = shocksOf.LastOrDefault(p => p.Date < m.Date) is { } before ? ToShock(before) : null;
        var next = shocksOf.FirstOrDefault(p => p.Date > m.Date) is { } after ? ToShock(after) : null;
        // Worst first as ShockBoard sorts them: by ΔM (nulls last, as PostgreSQL sorts ascending) or by change, then change and date.
        var worstFirst = byMoney
            ? shocksOf.OrderBy(p => p.MarketCapChange is null).ThenBy(p => p.MarketCapChange)
            : shocksOf.OrderBy(p => p.Change);
        var own = worstFirst.ThenBy(p => p.Change).ThenBy(p => p.Date).Where(p => p.Date != m.Date).Take(CompareEvents)
            .Select(p => new Event(figures.Company.Ticker, figures.Company.Name, p.Date, p.ChangePct!.Value, p.MarketCapChange));
        var market = await ShockBoard.Query(db, new ShockBoard.Filter(ShocksOnly: true), options, withRank: false).Take(50).ToListAsync(ct);

        return new View(boardRank, top is not null && top.Ticker == figures.Company.Ticker && top.Date == m.Date,
            bestRank, all[^1].Date, window, history, all.Count, all.Count(p => p.IsShock), bins, bin,
            await BenchmarkAsync(db, figures, reader, ct), previous, next, await SharesUsedAsync(db, m, id, ct),
            [.. own],
            [.. market.Where(r => r.Ticker != figures.Company.Ticker).DistinctBy(r => r.Ticker).Take(CompareEvents).Select(ToEvent)]);
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
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>S_{t−1}: the share count in effect on the previous day, the latest dated on or before it, else the earliest (approximate).</summary>
    private static async Task<ShareCount?> SharesUsedAsync(MarketShockDbContext db, DailyMove m, int id, CancellationToken ct)
    {
        if (m.PreviousDate is not { } previous)
            return null;
        var counts = db.SharesOutstanding.Where(s => s.CompanyId == id);
        return await counts.Where(s => s.Date <= previous).OrderByDescending(s => s.Date)
                .Select(s => new ShareCount(s.Date, s.Shares, false)).FirstOrDefaultAsync(ct)
            ?? await counts.OrderBy(s => s.Date).Select(s => new ShareCount(s.Date, s.Shares, true)).FirstOrDefaultAsync(ct);
    }

    private static Shock ToShock(CompanyHistory.Point p) => new(p.Date, p.ChangePct, p.MarketCapChange);

    private static Event ToEvent(ShockBoard.Row r) => new(r.Ticker, r.Name, r.Date, r.ChangePct, r.MarketCapChange);
}
