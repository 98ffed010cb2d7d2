using System.ComponentModel;
using MarketShock.Data;
using MarketShock.Market;

namespace MarketShock.Api;

/// <summary>GET /api/days/{date}: every tracked company's move that day, and the market's and each sector's totals.</summary>
internal static class MarketDayEndpoint
{
    /// <param name="TotalMarketCapChange">ΣΔM over the companies with a market cap and a one-day move; null when there are none.</param>
    /// <param name="MarketCapBefore">Σ of their market caps the day before.</param>
    /// <param name="ChangePct">ΣΔM / ΣM_{t−1}, in percent.</param>
    /// <param name="Label">What happened that day to the whole market (an event label without a ticker); null when nobody labelled it.</param>
    /// <param name="LabelUrl">Where to read more about it (http or https); null when the label has no link.</param>
    public sealed record MarketDay(DateOnly Date, DateOnly? PreviousDate, DateOnly? NextDate,
        double? TotalMarketCapChange, double? MarketCapBefore, double? ChangePct, int Decliners, int Advancers, bool Approximate,
        IReadOnlyList<SectorDay> Sectors, IReadOnlyList<DayMove> Items, string? Label, string? LabelUrl);

    public sealed record SectorDay(string Name, double MarketCapChange, double MarketCapBefore, double ChangePct, int Companies, int Decliners, int Advancers);

    /// <param name="AfterGap">The previous close is more than 5 calendar days earlier: not a one-day move, left out of the totals.</param>
    /// <param name="SuspectedSplit">The close moved by a common split ratio (within 2%) on a day without a recorded split: left out of the totals.</param>
    public sealed record DayMove(string Ticker, string Name, string? Sector, double? ChangePct, double? MarketCapChange, bool MarketCapApproximate, bool AfterGap,
        bool SuspectedSplit);

    public static async Task<IResult> GetAsync(MarketShockDbContext db, [Description("The day, yyyy-MM-dd.")] string date, CancellationToken ct)
    {
        var args = new ApiArguments();
        var day = args.Date("date", date);
        if (args.Problem is { } problem)
            return problem;
        if (await MarketDays.LoadAsync(db, day!.Value, eachWay: null, ct) is not { } found)
            return MarketApi.NotFound("No data for this day", $"No company has a price on {day:yyyy-MM-dd}.");

        var market = found.Market;
        return TypedResults.Ok(new MarketDay(found.Date, found.PreviousDate, found.NextDate,
            MarketApi.Dollars(market?.MarketCapChange), MarketApi.Dollars(market?.MarketCapBefore), market?.ChangePct,
            market?.Decliners ?? 0, market?.Advancers ?? 0, market?.Approximate ?? false,
            found.Sectors.Select(t => new SectorDay(t.Sector, (double)t.MarketCapChange, (double)t.MarketCapBefore, t.ChangePct, t.Companies, t.Decliners, t.Advancers))
                .ToList(),
            found.Moves.Moves.Select(Item).ToList(), found.Label?.Label, found.Label?.Url));
    }

    /// <summary>A company's move in the API's units (percent, dollars to the cent).</summary>
    public static DayMove Item(MarketDays.Move m) =>
        new(m.Ticker, m.Name, m.Sector, MarketApi.Percent(m.Change), MarketApi.Dollars(m.MarketCapChange), m.MarketCapApproximate, m.AfterGap, m.SuspectedSplit);
}
