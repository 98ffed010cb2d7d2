using System.ComponentModel;
using MarketShock.Data;
using MarketShock.Pages;
using MarketShock.Market;

namespace MarketShock.Api;

/// <summary>GET /api/companies/{ticker}/{date}: every figure of one company-day (any day in the data, not only shocks).</summary>
internal static class CompanyDayEndpoint
{
    /// <param name="ChangePct">Null on the company's first day in the data.</param>
    /// <param name="AfterGap">The previous close is more than 5 calendar days earlier: not ranked and not a shock.</param>
    /// <param name="SuspectedSplit">The close moved by a common split ratio (within 2%) on a day without a recorded split: not ranked and not a shock.</param>
    /// <param name="SharesApproximate">The share count on this day was taken from a later observation.</param>
    /// <param name="MarketCapApproximate">marketCapBefore and marketCapChange use a share count taken from a later observation.</param>
    /// <param name="VolatilityPct">σ: the sample standard deviation of the previous 250 daily changes (at least 60), in percent.</param>
    /// <param name="Sigma">The change in standard deviations, r/σ (the same as zScore).</param>
    /// <param name="RankedDays">How many of the company's days are ranked by change (every day with a one-day move).</param>
    /// <param name="WorstSince">The latest earlier day with a change at least as bad (down days only).</param>
    /// <param name="WorstInData">A down day no earlier day of the company matches.</param>
    /// <param name="RecoveryDate">The first later day whose close is at least previousClose (down days only).</param>
    /// <param name="OpenDrawdownPct">For a down day not recovered yet: the latest close against previousClose, in percent.</param>
    /// <param name="Label">What happened that day to the company (an event label); null when nobody labelled the day.</param>
    /// <param name="LabelUrl">Where to read more about it (http or https); null when the label has no link.</param>
    public sealed record CompanyDay(string Ticker, string Name, string? Sector, DateOnly Date, DateOnly? PreviousDate,
        double Close, double? PreviousClose, double? ChangePct, bool AfterGap, bool SuspectedSplit,
        long? Shares, bool SharesApproximate, double? MarketCap, double? MarketCapBefore, double? MarketCapChange, bool MarketCapApproximate,
        double? VolatilityPct, double? Sigma, double? ZScore,
        int? RankInCompany, int? RankByLoss, int? RankByChange, int RankedDays, DateOnly? WorstSince, bool WorstInData, DateOnly? FirstDate,
        DateOnly? RecoveryDate, int? RecoveryTradingDays, double? OpenDrawdownPct, string Permalink,
        MarketSummary? Market, IReadOnlyList<MarketDayEndpoint.DayMove> OtherCompanies, string? Label, string? LabelUrl);

    /// <summary>The market day's totals (see /api/days/{date}).</summary>
    public sealed record MarketSummary(double TotalMarketCapChange, double ChangePct, int Decliners, int Advancers);

    public static async Task<IResult> GetAsync(MarketShockDbContext db, HttpContext http, LinkGenerator links,
        [Description("The ticker, in any case.")] string ticker, [Description("The day, yyyy-MM-dd.")] string date, CancellationToken ct)
    {
        var args = new ApiArguments();
        var day = args.Date("date", date);
        if (args.Problem is { } problem)
            return problem;
        var (company, answer) = await MarketApi.FindCompanyAsync(db, http, ticker, ct);
        if (company is null)
            return answer!;
        var figures = await CompanyDays.LoadAsync(db, new CompanyDays.Query(company, day!.Value), othersEachWay: null, ct);
        if (figures is null)
            return MarketApi.NotFound("No data for this day", $"{company.Ticker} has no price on {day:yyyy-MM-dd}.");

        var (m, market) = (figures.Move, figures.Market);
        return TypedResults.Ok(new CompanyDay(company.Ticker, company.Name, company.Sector, m.Date, m.PreviousDate,
            (double)m.Close, (double?)m.PreviousClose, MarketApi.Percent(m.Change), m.AfterGap, m.SuspectedSplit,
            m.Shares, m.SharesApproximate, MarketApi.Dollars(m.MarketCap), MarketApi.Dollars(m.MarketCapBefore), MarketApi.Dollars(m.MarketCapChange),
            m.MarketCapApproximate, MarketApi.Percent(m.Volatility), m.ZScore, m.ZScore,
            figures.RankInCompany, figures.History.RankByLoss, figures.History.RankByChange, figures.RankedDays, figures.History.WorstSince, figures.WorstInData,
            figures.FirstDate, figures.History.RecoveryDate, figures.History.RecoveryDays, MarketApi.Percent(figures.History.OpenDrawdown), links.CompanyDay(http, company.Ticker, m.Date),
            market is null ? null : new MarketSummary((double)market.MarketCapChange, market.ChangePct, market.Decliners, market.Advancers),
            [.. figures.OtherCompanies.Moves.Select(MarketDayEndpoint.Item)], figures.Label?.Label, figures.Label?.Url));
    }
}
