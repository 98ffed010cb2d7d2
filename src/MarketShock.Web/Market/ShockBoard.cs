using System.Text.RegularExpressions;
using MarketShock.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Market;

/// <summary>
/// The leaderboard of down days, filtered and sorted: the one query behind <c>/shocks</c>, <c>/shocks.csv</c> and
/// <c>/api/shocks</c>, so that all three list the same rows in the same order.
/// </summary>
internal static class ShockBoard
{
    /// <summary>Worst first by ΔM, by r or by z; or <see cref="Recent"/>: newest first, then worst first by ΔM.</summary>
    public enum Sort { Loss, Change, Sigma, Recent }

    /// <summary>The sort orders a query string may name (sort=loss|change|sigma), the same for the API, the page and the CSV.</summary>
    public static readonly IReadOnlyDictionary<string, Sort> SortNames = new Dictionary<string, Sort>
    {
        ["loss"] = Sort.Loss, ["change"] = Sort.Change, ["sigma"] = Sort.Sigma,
    };

    /// <param name="CompanyId">Only this company's days (the caller resolves the ticker, so that an unknown one can be reported).</param>
    /// <param name="Sector">Only companies of this sector, matched literally in any case.</param>
    /// <param name="MinSigma">Only moves of at least this many standard deviations down.</param>
    /// <param name="ShocksOnly">Only the days the shock rule marks; otherwise every ranked down day.</param>
    public sealed record Filter(int? CompanyId = null, string? Sector = null, DateOnly? From = null, DateOnly? To = null,
        decimal? MinLossUsd = null, double? MinSigma = null, bool ShocksOnly = false, Sort Order = Sort.Loss);

    /// <param name="Change">r_t as a fraction.</param>
    /// <param name="ZScore">r/σ; null with fewer than 60 earlier changes.</param>
    /// <param name="RankInCompany">1 for the company's worst day by ΔM (by % change when it has no share count).</param>
    /// <param name="Label">What happened that day to the company (an event label), with its optional link.</param>
    public sealed record Row(string Ticker, string Name, string? Sector, DateOnly Date, decimal Close, decimal PreviousClose, double Change,
        decimal? MarketCapBefore, decimal? MarketCapChange, bool MarketCapApproximate, double? ZScore, int? RankInCompany,
        string? Label, string? LabelUrl)
    {
        public double ChangePct => Change * 100;

        public bool IsShock(ShockOptions options) => Shocks.Matches(options, Change, ranked: true, ZScore, MarketCapChange);
    }

    /// <summary>A count stops here: counting every match of a broad filter over millions of rows would cost more than the page.</summary>
    public const int CountCap = 10_000;

    /// <param name="AtLeast">More rows match than <paramref name="Count"/> (<see cref="CountCap"/>): "10,000+".</param>
    public sealed record Total(int Count, bool AtLeast);

    /// <summary>How many rows match, counted up to <see cref="CountCap"/>, in no order (sorting the matches only to count them cost more than the count).</summary>
    /// <remarks>
    /// The moves alone, with the company only as a semi-join for a sector: joined to companies, the count needed each row's
    /// company and read every match through a bitmap before the limit applied (106,114 index entries for 10,001 at 1 M rows);
    /// without, it reads the leaderboard's partial index alone and stops at the limit.
    /// </remarks>
    public static async Task<Total> CountAsync(MarketShockDbContext db, Filter filter, ShockOptions options, CancellationToken ct)
    {
        var moves = MatchingMoves(db, filter, options);
        if (SectorPattern(filter) is { } pattern)
            moves = moves.Where(m => db.Companies.Any(c => c.Id == m.CompanyId && EF.Functions.ILike(c.Sector!, pattern, @"\")));
        var count = await moves.Take(CountCap + 1).CountAsync(ct);
        return count > CountCap ? new Total(CountCap, AtLeast: true) : new Total(count, AtLeast: false);
    }

    /// <summary>The matching rows in the filter's order; page with Skip/Take, count with <see cref="CountAsync"/>.</summary>
    /// <param name="withRank">False leaves <see cref="Row.RankInCompany"/> null: a list that does not show it (the home page's
    /// thousand-shock timeline) spares a count along the company's days per row.</param>
    public static IQueryable<Row> Query(MarketShockDbContext db, Filter filter, ShockOptions options, bool withRank = true)
    {
        var rows = Matching(db, filter, options);
        // PostgreSQL sorts nulls last in ascending order: days without a market cap or σ follow the known ones.
        var sorted = filter.Order switch
        {
            Sort.Change => rows.OrderBy(r => r.Move.Change),
            Sort.Sigma => rows.OrderBy(r => r.Move.ZScore),
            Sort.Recent => rows.OrderByDescending(r => r.Move.Date).ThenBy(r => r.Move.MarketCapChange),
            _ => rows.OrderBy(r => r.Move.MarketCapChange),
        };
        return sorted.ThenBy(r => r.Move.Change).ThenBy(r => r.Move.Date).ThenBy(r => r.Company.Ticker)
            .Select(r => new Row(r.Company.Ticker, r.Company.Name, r.Company.Sector, r.Move.Date, r.Move.Close, r.Move.PreviousClose!.Value,
                r.Move.Change!.Value, r.Move.MarketCapBefore, r.Move.MarketCapChange, r.Move.MarketCapApproximate, r.Move.ZScore,
                // Subqueries in the select list run only for the rows of the page taken: the rank counts along the company's ranked days,
                // the labels come by the (company, date) unique index.
                withRank ? db.MoveHistory.Where(h => h.CompanyId == r.Move.CompanyId && h.Date == r.Move.Date).Select(h => h.RankByLoss ?? h.RankByChange).FirstOrDefault() : null,
                db.EventLabels.Where(e => e.CompanyId == r.Move.CompanyId && e.Date == r.Move.Date).Select(e => e.Label).FirstOrDefault(),
                db.EventLabels.Where(e => e.CompanyId == r.Move.CompanyId && e.Date == r.Move.Date).Select(e => e.Url).FirstOrDefault()));
    }

    /// <summary>The down days (or shocks) the filter keeps, with their companies, in no order.</summary>
    private static IQueryable<Match> Matching(MarketShockDbContext db, Filter filter, ShockOptions options)
    {
        var rows = from m in MatchingMoves(db, filter, options)
                   join c in db.Companies on m.CompanyId equals c.Id
                   select new Match { Move = m, Company = c };
        if (SectorPattern(filter) is { } pattern)
            rows = rows.Where(r => EF.Functions.ILike(r.Company.Sector!, pattern, @"\"));
        return rows;
    }

    /// <summary>The down days (or shocks) the filter keeps, but for the sector, which is the company's.</summary>
    private static IQueryable<DailyMove> MatchingMoves(MarketShockDbContext db, Filter filter, ShockOptions options)
    {
        var moves = db.DailyMoves.Where(filter.ShocksOnly ? Shocks.IsShock(options) : Shocks.IsDownDay);
        if (filter.CompanyId is { } companyId)
            moves = moves.Where(m => m.CompanyId == companyId);
        if (filter.From is { } from)
            moves = moves.Where(m => m.Date >= from);
        if (filter.To is { } to)
            moves = moves.Where(m => m.Date <= to);
        if (filter.MinLossUsd is { } minLoss)
            moves = moves.Where(m => m.MarketCapChange <= -minLoss);
        if (filter.MinSigma is { } minSigma)
            moves = moves.Where(m => m.ZScore <= -minSigma);
        return moves;
    }

    /// <summary>The sector filter as an ILIKE pattern matching the name exactly, in any case (its wildcards escaped).</summary>
    private static string? SectorPattern(Filter filter) =>
        string.IsNullOrWhiteSpace(filter.Sector) ? null : Regex.Replace(filter.Sector.Trim(), @"[\\%_]", @"\$0");

    private sealed class Match
    {
        public required DailyMove Move { get; init; }
        public required Company Company { get; init; }
    }
}
