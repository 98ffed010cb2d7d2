using System.ComponentModel;
using System.Text.RegularExpressions;
using MarketShock.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Api;

/// <summary>GET /api/shocks: the leaderboard of down days (moves after a gap in the data are left out).</summary>
internal static class ShocksEndpoint
{
    public const int DefaultLimit = 50, MaxLimit = 500;

    public enum Sort { Loss, Change, Sigma }

    private static readonly Dictionary<string, Sort> Sorts = new() { ["loss"] = Sort.Loss, ["change"] = Sort.Change, ["sigma"] = Sort.Sigma };

    public sealed record ShockPage(int Total, IReadOnlyList<Shock> Items);

    /// <param name="Sigma">The change in standard deviations of the company's previous 250 daily changes (z).</param>
    /// <param name="RankInCompany">1 for the company's worst day by market-cap change (by % change when it has no share count).</param>
    public sealed record Shock(string Ticker, string Name, string? Sector, DateOnly Date, double Close, double PreviousClose, double ChangePct,
        double? MarketCapBefore, double? MarketCapChange, bool MarketCapApproximate, double? Sigma, int? RankInCompany, string Permalink);

    public static async Task<IResult> ListAsync(MarketShockDbContext db, HttpContext http,
        [Description("Only this company's days.")] string? ticker,
        [Description("Only companies of this sector (any case).")] string? sector,
        [Description("First day, yyyy-MM-dd.")] string? from,
        [Description("Last day, yyyy-MM-dd.")] string? to,
        [Description("Only losses of at least this many US dollars of market value.")] string? minLossUsd,
        [Description("Only moves of at least this many standard deviations down.")] string? minSigma,
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
        var order = args.OneOf("sort", sort, Sorts, Sort.Loss);
        var take = args.Whole("limit", limit, DefaultLimit, 1, MaxLimit);
        var skip = args.Whole("offset", offset, 0, 0, int.MaxValue);
        if (args.Problem is { } problem)
            return problem;

        var shocks = from m in db.DailyMoves
                     join c in db.Companies on m.CompanyId equals c.Id
                     where m.Change < 0 && !m.AfterGap
                     select new { Move = m, Company = c };
        if (!string.IsNullOrWhiteSpace(ticker))
        {
            if (await MarketApi.CompanyAsync(db, ticker, ct) is not { } company)
                return MarketApi.UnknownTicker(ticker);
            shocks = shocks.Where(s => s.Move.CompanyId == company.Id);
        }
        if (!string.IsNullOrWhiteSpace(sector))
        {
            var pattern = Regex.Replace(sector.Trim(), @"[\\%_]", @"\$0"); // matched literally, in any case
            shocks = shocks.Where(s => EF.Functions.ILike(s.Company.Sector!, pattern, @"\"));
        }
        if (first is not null)
            shocks = shocks.Where(s => s.Move.Date >= first);
        if (last is not null)
            shocks = shocks.Where(s => s.Move.Date <= last);
        if (minLoss is not null)
            shocks = shocks.Where(s => s.Move.MarketCapChange <= -minLoss);
        if (minZ is not null)
            shocks = shocks.Where(s => s.Move.ZScore <= -(double)minZ);
        // PostgreSQL sorts nulls last in ascending order: companies without share counts follow the known losses.
        var sorted = order switch
        {
            Sort.Change => shocks.OrderBy(s => s.Move.Change),
            Sort.Sigma => shocks.OrderBy(s => s.Move.ZScore),
            _ => shocks.OrderBy(s => s.Move.MarketCapChange),
        };
        var total = await shocks.CountAsync(ct);
        var rows = await sorted.ThenBy(s => s.Move.Change).ThenBy(s => s.Move.Date).ThenBy(s => s.Company.Ticker)
            .Skip(skip).Take(take)
            .Select(s => new
            {
                s.Company.Ticker, s.Company.Name, s.Company.Sector, s.Move.Date, s.Move.Close, s.Move.PreviousClose, s.Move.Change,
                s.Move.MarketCapBefore, s.Move.MarketCapChange, s.Move.MarketCapApproximate, s.Move.ZScore, s.Move.RankByLoss, s.Move.RankByChange,
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new Shock(r.Ticker, r.Name, r.Sector, r.Date, (double)r.Close, (double)r.PreviousClose!, r.Change!.Value * 100,
            MarketApi.Dollars(r.MarketCapBefore), MarketApi.Dollars(r.MarketCapChange), r.MarketCapApproximate, r.ZScore,
            r.RankByLoss ?? r.RankByChange, MarketApi.Permalink(http.Request, r.Ticker, r.Date))).ToList();
        return TypedResults.Ok(new ShockPage(total, items));
    }
}
