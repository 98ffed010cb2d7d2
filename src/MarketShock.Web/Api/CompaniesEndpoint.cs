using System.ComponentModel;
using MarketShock.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Api;

/// <summary>GET /api/companies and /api/companies/{ticker}/series.</summary>
internal static class CompaniesEndpoint
{
    /// <param name="MarketCap">On the latest day; null when the company has no share count.</param>
    public sealed record CompanySummary(string Ticker, string Name, string? Sector, DateOnly? FirstDate, DateOnly? LastDate, double? LastClose, double? MarketCap);

    /// <param name="MarketCapApproximateBefore">
    /// The company's first share count: market caps of earlier days use it and are approximate. Null when it has none.
    /// </param>
    public sealed record CompanySeries(string Ticker, IReadOnlyList<DateOnly> Dates, IReadOnlyList<double> Close,
        IReadOnlyList<double?> MarketCap, IReadOnlyList<double?> ChangePct, DateOnly? MarketCapApproximateBefore);

    public static async Task<Ok<List<CompanySummary>>> ListAsync(MarketShockDbContext db, CancellationToken ct)
    {
        var rows = await db.Companies.AsNoTracking()
            .OrderBy(c => c.Ticker)
            .Select(c => new
            {
                c.Ticker, c.Name, c.Sector,
                First = db.DailyMoves.Where(m => m.CompanyId == c.Id).OrderBy(m => m.Date).Select(m => (DateOnly?)m.Date).FirstOrDefault(),
                Last = db.DailyMoves.Where(m => m.CompanyId == c.Id).OrderByDescending(m => m.Date)
                    .Select(m => new { m.Date, m.Close, m.MarketCap }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return TypedResults.Ok(rows
            .Select(r => new CompanySummary(r.Ticker, r.Name, r.Sector, r.First, r.Last?.Date, (double?)r.Last?.Close, MarketApi.Dollars(r.Last?.MarketCap)))
            .ToList());
    }

    public static async Task<IResult> SeriesAsync(
        MarketShockDbContext db, HttpContext http, [Description("The ticker, in any case.")] string ticker,
        [Description("First day, yyyy-MM-dd.")] string? from,
        [Description("Last day, yyyy-MM-dd.")] string? to,
        CancellationToken ct)
    {
        var args = new ApiArguments();
        var (first, last) = (args.Date("from", from), args.Date("to", to));
        args.Check(first is null || last is null || first <= last, "to", "'to' is before 'from'.");
        if (args.Problem is { } problem)
            return problem;
        var (company, answer) = await MarketApi.FindCompanyAsync(db, http, ticker, ct);
        if (company is null)
            return answer!;

        var days = db.DailyMoves.Where(m => m.CompanyId == company.Id);
        if (first is not null)
            days = days.Where(m => m.Date >= first);
        if (last is not null)
            days = days.Where(m => m.Date <= last);
        var rows = await days.OrderBy(m => m.Date).Select(m => new { m.Date, m.Close, m.MarketCap, m.Change }).ToListAsync(ct);
        var firstShares = await db.SharesOutstanding.Where(s => s.CompanyId == company.Id).MinAsync(s => (DateOnly?)s.Date, ct);
        return TypedResults.Ok(new CompanySeries(company.Ticker,
            rows.Select(r => r.Date).ToList(),
            rows.Select(r => (double)r.Close).ToList(),
            rows.Select(r => MarketApi.Dollars(r.MarketCap)).ToList(),
            rows.Select(r => MarketApi.Percent(r.Change)).ToList(),
            firstShares));
    }
}
