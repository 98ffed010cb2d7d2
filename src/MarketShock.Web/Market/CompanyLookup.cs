using MarketShock.Data;
using MarketShock.Imports;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Market;

/// <summary>
/// The company a reader page's URL names. Tickers are case-insensitive: another spelling of a known one must be
/// redirected to the canonical URL; an unknown one gets the tickers that resemble it.
/// </summary>
internal static class CompanyLookup
{
    public sealed record Suggestion(string Ticker, string Name);

    /// <param name="Company">The company, or null when the ticker is unknown (or the company has no prices).</param>
    /// <param name="IsCanonical">The URL spells the ticker as stored; otherwise redirect to <see cref="Company"/>'s ticker.</param>
    public sealed record Result(Company? Company, bool IsCanonical, IReadOnlyList<Suggestion> Suggestions);

    public const int MaxSuggestions = 5;

    public static async Task<Result> FindAsync(MarketShockDbContext db, string ticker, CancellationToken ct)
    {
        var canonical = Tickers.Normalise(ticker);
        var company = await db.Companies.AsNoTracking()
            .Where(c => c.Ticker == canonical && db.DailyMoves.Any(m => m.CompanyId == c.Id))
            .Prepared().FirstOrDefaultAsync(ct);
        if (company is not null)
            return new Result(company, company.Ticker == ticker, []);
        return new Result(null, false, await SuggestAsync(db, canonical, ct));
    }

    /// <summary>Companies with prices whose ticker is within two edits of the one asked for, starts with it, or whose name contains it.</summary>
    public static async Task<IReadOnlyList<Suggestion>> SuggestAsync(MarketShockDbContext db, string asked, CancellationToken ct)
    {
        var known = await db.Companies.AsNoTracking()
            .Where(c => db.DailyMoves.Any(m => m.CompanyId == c.Id))
            .Select(c => new Suggestion(c.Ticker, c.Name))
            .ToListAsync(ct);
        var query = asked.Trim();
        return [.. known
            .Select(c => (c, Score: Distance(c.Ticker, query.ToUpperInvariant()) - (c.Ticker.StartsWith(query, StringComparison.OrdinalIgnoreCase) ? 2 : 0)
                - (query.Length >= 3 && c.Name.Contains(query, StringComparison.OrdinalIgnoreCase) ? 2 : 0)))
            .Where(s => s.Score <= 2)
            .OrderBy(s => s.Score).ThenBy(s => s.c.Ticker, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(s => s.c)];
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
