using MarketShock.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Market;

/// <summary>
/// Every figure of one company-day: the one query behind the permalink page and <c>/api/companies/{ticker}/{date}</c>,
/// so that both show the same numbers.
/// </summary>
internal static class CompanyDays
{
    public sealed record Query(Company Company, DateOnly Date);

    /// <param name="Move">The day's stored figures (changes and σ as fractions, money in dollars).</param>
    /// <param name="History">The figures computed on read against the rest of the series: ranks, worst-since, recovery, open drawdown.</param>
    /// <param name="RankedDays">How many of the company's days are ranked by change.</param>
    /// <param name="FirstDate">The company's first day in the data.</param>
    /// <param name="Market">The whole market's totals that day; null when no company with a market cap moved.</param>
    /// <param name="OtherCompanies">The other companies' moves that day, the largest loss first (every one, or the largest losses and gains).</param>
    /// <param name="Label">What happened that day to the company, if someone labelled it.</param>
    /// <param name="MarketLabel">What happened that day to the whole market, if someone labelled it.</param>
    public sealed record Figures(Company Company, DailyMove Move, MoveHistory History, int RankedDays, DateOnly? FirstDate, MarketDay? Market,
        MarketDays.Listing OtherCompanies, EventLabel? Label = null, EventLabel? MarketLabel = null)
    {
        /// <summary>A ranked down day that no earlier day of the company matches.</summary>
        public bool WorstInData => Move.Change < 0 && Move.Ranked && History.WorstSince is null;

        /// <summary>The rank by ΔM, or by change for a company without share counts.</summary>
        public int? RankInCompany => History.RankByLoss ?? History.RankByChange;
    }

    /// <summary>The figures of the day, or null when the company has no price that day.</summary>
    /// <param name="othersEachWay">List this many of the other companies' largest losses and gains; null for every one.</param>
    public static async Task<Figures?> LoadAsync(MarketShockDbContext db, Query query, int? othersEachWay, CancellationToken ct)
    {
        var (id, date) = (query.Company.Id, query.Date);
        // One statement for the day's own figures: a page runs twenty-odd, and each costs more in its round trip, its
        // parameters and its plan than these probes of a few index pages cost to execute.
        var day = await db.DailyMoves.AsNoTracking().Where(m => m.CompanyId == id && m.Date == date)
            .Select(m => new
            {
                Move = m,
                History = db.MoveHistory.First(h => h.CompanyId == id && h.Date == date),
                Ranked = db.DailyMoves.Count(d => d.CompanyId == id && d.Ranked),
                FirstDate = db.DailyMoves.Where(d => d.CompanyId == id).Min(d => (DateOnly?)d.Date),
                Market = db.MarketDays.FirstOrDefault(d => d.Date == date && d.Sector == MarketDay.AllSectors),
                Label = db.EventLabels.FirstOrDefault(e => e.Date == date && e.CompanyId == id),
                MarketLabel = db.EventLabels.FirstOrDefault(e => e.Date == date && e.CompanyId == null),
            })
            .Prepared().FirstOrDefaultAsync(ct);
        if (day is null)
            return null;
        var others = await MarketDays.ListAsync(db, date, day.Move, othersEachWay, ct);
        return new Figures(query.Company, day.Move, day.History, day.Ranked, day.FirstDate, day.Market, others, day.Label, day.MarketLabel);
    }

    /// <summary>The day's event labels: the company's own and the whole market's, either null.</summary>
    public static async Task<(EventLabel? Company, EventLabel? Market)> LabelsAsync(MarketShockDbContext db, int companyId, DateOnly date,
        CancellationToken ct)
    {
        var labels = await db.EventLabels.AsNoTracking().Where(e => e.Date == date && (e.CompanyId == companyId || e.CompanyId == null)).Prepared().ToListAsync(ct);
        return (labels.FirstOrDefault(e => e.CompanyId == companyId), labels.FirstOrDefault(e => e.CompanyId == null));
    }
}
