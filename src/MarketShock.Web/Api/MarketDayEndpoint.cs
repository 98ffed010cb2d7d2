using System.ComponentModel;
using MarketShock.Data;
using Microsoft.EntityFrameworkCore;
using Stored = MarketShock.Market.MarketDay;

namespace MarketShock.Api;

/// <summary>GET /api/days/{date}: every tracked company's move that day, and the market's and each sector's totals.</summary>
internal static class MarketDayEndpoint
{
    /// <param name="TotalMarketCapChange">ΣΔM over the companies with a market cap and a one-day move; null when there are none.</param>
    /// <param name="MarketCapBefore">Σ of their market caps the day before.</param>
    /// <param name="ChangePct">ΣΔM / ΣM_{t−1}, in percent.</param>
    public sealed record MarketDay(DateOnly Date, DateOnly? PreviousDate, DateOnly? NextDate,
        double? TotalMarketCapChange, double? MarketCapBefore, double? ChangePct, int Decliners, int Advancers, bool Approximate,
        IReadOnlyList<SectorDay> Sectors, IReadOnlyList<DayMove> Items);

    public sealed record SectorDay(string Name, double MarketCapChange, double MarketCapBefore, double ChangePct, int Companies, int Decliners, int Advancers);

    /// <param name="AfterGap">The previous close is more than 5 calendar days earlier: not a one-day move, left out of the totals.</param>
    public sealed record DayMove(string Ticker, string Name, string? Sector, double? ChangePct, double? MarketCapChange, bool MarketCapApproximate, bool AfterGap);

    public static async Task<IResult> GetAsync(MarketShockDbContext db, [Description("The day, yyyy-MM-dd.")] string date, CancellationToken ct)
    {
        var args = new ApiArguments();
        var day = args.Date("date", date);
        if (args.Problem is { } problem)
            return problem;
        var items = await MovesOnAsync(db, day!.Value, excludedCompanyId: null, ct);
        if (items.Count == 0)
            return MarketApi.NotFound("No data for this day", $"No company has a price on {day:yyyy-MM-dd}.");

        var totals = await db.MarketDays.AsNoTracking().Where(d => d.Date == day).OrderBy(d => d.Sector).ToListAsync(ct);
        var market = totals.FirstOrDefault(t => t.Sector == Stored.AllSectors);
        var previous = await db.DailyMoves.Where(m => m.Date < day).MaxAsync(m => (DateOnly?)m.Date, ct);
        var next = await db.DailyMoves.Where(m => m.Date > day).MinAsync(m => (DateOnly?)m.Date, ct);
        return TypedResults.Ok(new MarketDay(day.Value, previous, next,
            MarketApi.Dollars(market?.MarketCapChange), MarketApi.Dollars(market?.MarketCapBefore), market?.ChangePct,
            market?.Decliners ?? 0, market?.Advancers ?? 0, market?.Approximate ?? false,
            totals.Where(t => t.Sector != Stored.AllSectors)
                .Select(t => new SectorDay(t.Sector, (double)t.MarketCapChange, (double)t.MarketCapBefore, t.ChangePct, t.Companies, t.Decliners, t.Advancers))
                .ToList(),
            items));
    }

    /// <summary>The companies' moves on a day, the largest market-cap loss first (those without a market cap after, by % change).</summary>
    public static async Task<List<DayMove>> MovesOnAsync(MarketShockDbContext db, DateOnly day, int? excludedCompanyId, CancellationToken ct)
    {
        var rows = await (from m in db.DailyMoves
                          join c in db.Companies on m.CompanyId equals c.Id
                          where m.Date == day && m.CompanyId != excludedCompanyId
                          orderby m.MarketCapChange, m.Change, c.Ticker
                          select new { c.Ticker, c.Name, c.Sector, m.Change, m.MarketCapChange, m.MarketCapApproximate, m.AfterGap })
            .ToListAsync(ct);
        return rows.Select(r => new DayMove(r.Ticker, r.Name, r.Sector, MarketApi.Percent(r.Change), MarketApi.Dollars(r.MarketCapChange),
            r.MarketCapApproximate, r.AfterGap)).ToList();
    }
}
