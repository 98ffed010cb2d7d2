using MarketShock.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Market;

/// <summary>
/// One market day: every tracked company's move and the market's and each sector's totals. The one read behind
/// <c>/days/{date}</c> and <c>/api/days/{date}</c>, so that the page and the API show the same numbers.
/// </summary>
public static class MarketDays
{
    /// <param name="Market">The totals over the companies with a market cap and a one-day move; null when there are none.</param>
    /// <param name="Sectors">The same per sector, by name.</param>
    /// <param name="Moves">The companies priced that day, the largest market-cap loss first (those without one after, by % change).</param>
    /// <param name="Label">What happened that day to the whole market (the event label without a company), if someone labelled it.</param>
    public sealed record Day(DateOnly Date, DateOnly? PreviousDate, DateOnly? NextDate, MarketDay? Market,
        IReadOnlyList<MarketDay> Sectors, Listing Moves, EventLabel? Label = null);

    /// <param name="Change">r_t as a fraction; null on the company's first day.</param>
    /// <param name="AfterGap">The previous close is more than 5 calendar days earlier: not a one-day move, left out of the totals.</param>
    /// <param name="SuspectedSplit">The close moved by a common split ratio on a day without a recorded split: left out of the totals.</param>
    public sealed record Move(string Ticker, string Name, string? Sector, double? Change, decimal? MarketCapChange, bool MarketCapApproximate, bool AfterGap,
        bool SuspectedSplit)
    {
        /// <summary>The move counts in the day's totals (and has a bar in the page's chart).</summary>
        public bool InTotals => MarketCapChange is not null && !AfterGap && !SuspectedSplit;
    }

    /// <param name="Skipped">How many moves of the day, between the losses listed and the gains, are not listed before this one.</param>
    public sealed record Listed(Move Move, int Skipped);

    /// <summary>A day's moves as a page lists them, the largest loss first.</summary>
    /// <param name="Listed">Every move, or the largest losses and gains (see <see cref="ListAsync"/>).</param>
    /// <param name="Count">How many moves the day has in all.</param>
    public sealed record Listing(IReadOnlyList<Listed> Listed, int Count)
    {
        public IEnumerable<Move> Moves => Listed.Select(l => l.Move);

        /// <summary>How many moves are not listed.</summary>
        public int Unlisted => Count - Listed.Count;
    }

    /// <summary>
    /// A day's moves, the largest loss first: every one when <paramref name="eachWay"/> is null or there are at most twice that
    /// many, otherwise the <paramref name="eachWay"/> largest losses and gains, marking where the moves between were left out
    /// (and leaving out those without a market cap, which sort last). Read in the database, from both ends of the day along the
    /// (date, ΔM) index: a market of thousands of tickers would otherwise read thousands of rows for every page that shows the day.
    /// </summary>
    /// <param name="excluded">A move of the day to leave out (a permalink's own), or null.</param>
    public static async Task<Listing> ListAsync(MarketShockDbContext db, DateOnly date, DailyMove? excluded, int? eachWay, CancellationToken ct)
    {
        var excludedCompanyId = excluded?.CompanyId;
        var day = db.DailyMoves.Where(m => m.Date == date && m.CompanyId != excludedCompanyId);
        if (eachWay is not { } n)
            return await EveryMoveAsync();
        var (count, withMarketCap) = await CountAsync(db, date, ct);
        if (excluded is not null)
            (count, withMarketCap) = (count - 1, withMarketCap - (excluded.MarketCapChange is null ? 0 : 1));
        if (count <= 2 * n)
            return await EveryMoveAsync();
        // The gains are the last moves with a market cap, after the losses listed.
        var gainsEnd = Math.Max(n, withMarketCap);
        var gainsStart = Math.Max(n, gainsEnd - n);
        var losses = await InOrder(db, day, largestGainsFirst: false).Take(n).ToListAsync(ct);
        var gains = await InOrder(db, day.Where(m => m.MarketCapChange != null), largestGainsFirst: true).Take(gainsEnd - gainsStart).ToListAsync(ct);
        gains.Reverse();
        return new Listing([.. losses.Select(m => new Listed(m, 0)), .. gains.Select((m, i) => new Listed(m, i == 0 ? gainsStart - n : 0))], count);

        async Task<Listing> EveryMoveAsync()
        {
            var all = await InOrder(db, day, largestGainsFirst: false).ToListAsync(ct);
            return new Listing([.. all.Select(m => new Listed(m, 0))], all.Count);
        }
    }

    /// <summary>
    /// How many moves the day has, and how many of them have a ΔM, from the (date, ΔM) index alone. Counted with a company
    /// left out in the query, each of the day's moves was read from the table for its company: 5,000 rows scattered over
    /// 11 GB at 30 M rows, 6 ms warm and 13.5 s cold. The caller takes its excluded move off.
    /// </summary>
    private static async Task<(int All, int WithMarketCap)> CountAsync(MarketShockDbContext db, DateOnly date, CancellationToken ct)
    {
        var counts = await db.DailyMoves.Where(m => m.Date == date).GroupBy(m => m.Date)
            .Select(g => new { All = g.Count(), WithMarketCap = g.Count(m => m.MarketCapChange != null) })
            .Prepared().FirstOrDefaultAsync(ct);
        return counts is null ? (0, 0) : (counts.All, counts.WithMarketCap);
    }

    /// <summary>The moves by ΔM, then % change, then ticker: the largest loss first, or the exact reverse (PostgreSQL sorts nulls
    /// last ascending and first descending).</summary>
    private static IQueryable<Move> InOrder(MarketShockDbContext db, IQueryable<DailyMove> day, bool largestGainsFirst)
    {
        var moves = day.Join(db.Companies, m => m.CompanyId, c => c.Id, (m, c) => new { Move = m, Company = c });
        var ordered = largestGainsFirst
            ? moves.OrderByDescending(x => x.Move.MarketCapChange).ThenByDescending(x => x.Move.Change).ThenByDescending(x => x.Company.Ticker)
            : moves.OrderBy(x => x.Move.MarketCapChange).ThenBy(x => x.Move.Change).ThenBy(x => x.Company.Ticker);
        return ordered.Select(x => new Move(x.Company.Ticker, x.Company.Name, x.Company.Sector, x.Move.Change, x.Move.MarketCapChange,
            x.Move.MarketCapApproximate, x.Move.AfterGap, x.Move.SuspectedSplit)).Prepared();
    }

    /// <summary>The trading days nearest a date: the latest on or before it and the first after it.</summary>
    public sealed record Neighbours(DateOnly? Before, DateOnly? After);

    /// <summary>The day, or null when no company has a price on it.</summary>
    /// <param name="eachWay">List this many of the largest losses and gains (see <see cref="ListAsync"/>); null for every move.</param>
    public static async Task<Day?> LoadAsync(MarketShockDbContext db, DateOnly date, int? eachWay, CancellationToken ct)
    {
        var moves = await ListAsync(db, date, excluded: null, eachWay, ct);
        if (moves.Count == 0)
            return null;
        var totals = await db.MarketDays.AsNoTracking().Where(d => d.Date == date).OrderBy(d => d.Sector).ToListAsync(ct);
        var previous = await db.DailyMoves.Where(m => m.Date < date).MaxAsync(m => (DateOnly?)m.Date, ct);
        var next = await db.DailyMoves.Where(m => m.Date > date).MinAsync(m => (DateOnly?)m.Date, ct);
        var label = await db.EventLabels.AsNoTracking().FirstOrDefaultAsync(e => e.CompanyId == null && e.Date == date, ct);
        return new Day(date, previous, next, totals.FirstOrDefault(t => t.Sector == MarketDay.AllSectors),
            [.. totals.Where(t => t.Sector != MarketDay.AllSectors)], moves, label);
    }

    public static async Task<Neighbours> NeighboursAsync(MarketShockDbContext db, DateOnly date, CancellationToken ct) =>
        new(await db.DailyMoves.Where(m => m.Date <= date).MaxAsync(m => (DateOnly?)m.Date, ct),
            await db.DailyMoves.Where(m => m.Date > date).MinAsync(m => (DateOnly?)m.Date, ct));
}
