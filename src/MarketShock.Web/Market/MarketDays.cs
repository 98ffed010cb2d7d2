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
    /// <param name="Moves">Every company priced that day, the largest market-cap loss first (those without one after, by % change).</param>
    /// <param name="Label">What happened that day to the whole market (the event label without a company), if someone labelled it.</param>
    public sealed record Day(DateOnly Date, DateOnly? PreviousDate, DateOnly? NextDate, MarketDay? Market,
        IReadOnlyList<MarketDay> Sectors, IReadOnlyList<Move> Moves, EventLabel? Label = null);

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

    /// <summary>
    /// A day's moves (the largest loss first) as a page lists them: every one when there are at most twice <paramref name="eachWay"/>,
    /// otherwise the <paramref name="eachWay"/> largest losses and gains, marking where the moves between were left out (and
    /// leaving out those without a market cap, which sort last). A market of
    /// thousands of tickers would otherwise put thousands of rows in every page that shows the day.
    /// </summary>
    public static List<Listed> Condense(IReadOnlyList<Move> moves, int eachWay)
    {
        if (moves.Count <= 2 * eachWay)
            return [.. moves.Select(m => new Listed(m, 0))];
        // Moves without a market cap sort last: the largest gains are the last of those with one.
        var gainsEnd = moves.Count;
        while (gainsEnd > eachWay && moves[gainsEnd - 1].MarketCapChange is null)
            gainsEnd--;
        var gainsStart = Math.Max(eachWay, gainsEnd - eachWay);
        var listed = moves.Take(eachWay).Select(m => new Listed(m, 0)).ToList();
        listed.AddRange(moves.Skip(gainsStart).Take(gainsEnd - gainsStart).Select((m, i) => new Listed(m, i == 0 ? gainsStart - eachWay : 0)));
        return listed;
    }

    /// <summary>The trading days nearest a date: the latest on or before it and the first after it.</summary>
    public sealed record Neighbours(DateOnly? Before, DateOnly? After);

    /// <summary>The day, or null when no company has a price on it.</summary>
    public static async Task<Day?> LoadAsync(MarketShockDbContext db, DateOnly date, CancellationToken ct)
    {
        var moves = await MovesOnAsync(db, date, excludedCompanyId: null, ct);
        if (moves.Count == 0)
            return null;
        var totals = await db.MarketDays.AsNoTracking().Where(d => d.Date == date).OrderBy(d => d.Sector).ToListAsync(ct);
        var previous = await db.DailyMoves.Where(m => m.Date < date).MaxAsync(m => (DateOnly?)m.Date, ct);
        var next = await db.DailyMoves.Where(m => m.Date > date).MinAsync(m => (DateOnly?)m.Date, ct);
        var label = await db.EventLabels.AsNoTracking().FirstOrDefaultAsync(e => e.CompanyId == null && e.Date == date, ct);
        return new Day(date, previous, next, totals.FirstOrDefault(t => t.Sector == MarketDay.AllSectors),
            [.. totals.Where(t => t.Sector != MarketDay.AllSectors)], moves, label);
    }

    public static async Task<List<Move>> MovesOnAsync(MarketShockDbContext db, DateOnly date, int? excludedCompanyId, CancellationToken ct) =>
        await (from m in db.DailyMoves
               join c in db.Companies on m.CompanyId equals c.Id
               where m.Date == date && m.CompanyId != excludedCompanyId
               orderby m.MarketCapChange, m.Change, c.Ticker
               select new Move(c.Ticker, c.Name, c.Sector, m.Change, m.MarketCapChange, m.MarketCapApproximate, m.AfterGap, m.SuspectedSplit))
            .ToListAsync(ct);

    public static async Task<Neighbours> NeighboursAsync(MarketShockDbContext db, DateOnly date, CancellationToken ct) =>
        new(await db.DailyMoves.Where(m => m.Date <= date).MaxAsync(m => (DateOnly?)m.Date, ct),
            await db.DailyMoves.Where(m => m.Date > date).MinAsync(m => (DateOnly?)m.Date, ct));
}
