using System.ComponentModel;
using MarketShock.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using MarketShock.Market;
using MarketShock.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Api;

/// <summary>GET /api/shocks: the leaderboard of down days (moves after a gap in the data are left out).</summary>
internal static class ShocksEndpoint
{
    public const int DefaultLimit = 50, MaxLimit = 500;

    private static readonly Dictionary<string, bool> Booleans = new() { ["true"] = true, ["false"] = false };

    /// <param name="Total">How many rows match, counted up to 10,000.</param>
    /// <param name="TotalAtLeast">True when more rows match than <paramref name="Total"/> (the count stops at 10,000).</param>
    public sealed record ShockPage(int Total, bool TotalAtLeast, IReadOnlyList<Shock> Items);

    /// <param name="Sigma">The change in standard deviations of the company's previous 250 daily changes (z).</param>
    /// <param name="RankInCompany">1 for the company's worst day by market-cap change (by % change when it has no share count).</param>
    /// <param name="Label">What happened that day to the company (an event label); null when nobody labelled the day.</param>
    /// <param name="LabelUrl">Where to read more about it (http or https); null when the label has no link.</param>
    public sealed record Shock(string Ticker, string Name, string? Sector, DateOnly Date, double Close, double PreviousClose, double ChangePct,
        double? MarketCapBefore, double? MarketCapChange, bool MarketCapApproximate, double? Sigma, int? RankInCompany, string Permalink,
        string? Label, string? LabelUrl);

    public static async Task<IResult> ListAsync(MarketShockDbContext db, HttpContext http, LinkGenerator links, IOptions<ShockOptions> options,
        [Description("Only this company's days.")] string? ticker,
        [Description("Only companies of this sector (any case).")] string? sector,
        [Description("First day, yyyy-MM-dd.")] string? from,
        [Description("Last day, yyyy-MM-dd.")] string? to,
        [Description("Only losses of at least this many US dollars of market value.")] string? minLossUsd,
        [Description("Only moves of at least this many standard deviations down.")] string? minSigma,
        [Description("true: only the days the shock rule marks (see the README); false, the default: every ranked down day.")] string? shocksOnly,
        [Description("loss (market-cap change, the default), change (%) or sigma; the worst first.")] string? sort,
        [Description("Items per page, 1 to 500 (default 50).")] string? limit,
        [Description("Items to skip (default 0).")] string? offset,
        CancellationToken ct)
    {
        var args = new ApiArguments();
        var (first, last) = (args.Date("from", from), args.Date("to", to));
        args.Check(first is null || last is null || first <= last, "to", "'to' is before 'from'.");
        var minLoss = args.NonNegativeNumber("minLossUsd", minLossUsd);
        var minZ = args.NonNegativeNumber("minSigma", minSigma);
        var onlyShocks = args.OneOf("shocksOnly", shocksOnly, Booleans, false);
        var order = args.OneOf("sort", sort, ShockBoard.SortNames, ShockBoard.Sort.Loss);
        var take = args.Whole("limit", limit, DefaultLimit, 1, MaxLimit);
        var skip = args.Whole("offset", offset, 0, 0, int.MaxValue);
        if (args.Problem is { } problem)
            return problem;
        int? companyId = null;
        if (!string.IsNullOrWhiteSpace(ticker))
        {
            if (await MarketApi.CompanyAsync(db, ticker, ct) is not { } company)
                return MarketApi.UnknownTicker(ticker);
            companyId = company.Id;
        }

        var filter = new ShockBoard.Filter(companyId, sector, first, last, minLoss, (double?)minZ, onlyShocks, order);
        var query = ShockBoard.Query(db, filter, options.Value);
        var total = await ShockBoard.CountAsync(db, filter, options.Value, ct);
        var rows = await query.Skip(skip).Take(take).ToListAsync(ct);
        var items = rows.Select(r => new Shock(r.Ticker, r.Name, r.Sector, r.Date, (double)r.Close, (double)r.PreviousClose, r.ChangePct,
            MarketApi.Dollars(r.MarketCapBefore), MarketApi.Dollars(r.MarketCapChange), r.MarketCapApproximate, r.ZScore,
            r.RankInCompany, links.CompanyDay(http, r.Ticker, r.Date), r.Label, r.LabelUrl)).ToList();
        return TypedResults.Ok(new ShockPage(total.Count, total.AtLeast, items));
    }
}
