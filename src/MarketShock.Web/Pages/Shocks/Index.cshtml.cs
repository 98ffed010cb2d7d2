using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Pages.Shocks;

/// <summary>The leaderboard: every filter in the query string (see <see cref="ShockQuery"/>), 50 rows a page.</summary>
public sealed class ShocksModel(MarketShockDbContext db, IOptions<ShockOptions> options) : PageModel
{
    public const int PageSize = 50;

    /// <summary>
    /// Above this many companies the ticker field lists none: a list of thousands was most of the page (300 KB at 5,000
    /// companies) and no help to choose from. A ticker typed is still checked, with suggestions when it is unknown.
    /// </summary>
    internal const int ListedTickersAtMost = 1_000;

    internal ShockQuery Query { get; private set; } = new();
    internal IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    internal IReadOnlyList<CompanyLookup.Suggestion>? Suggestions { get; private set; }
    internal IReadOnlyList<ShockBoard.Row> Rows { get; private set; } = [];
    internal Pager Pager { get; private set; } = new(1, 1, 0);
    internal Choices Options { get; private set; } = new([], []);
    internal ShockOptions Rule => options.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var parsed = ShockQuery.Parse(Request.Query);
        Query = parsed.Query;
        Options = await ChoicesAsync(ct);
        if (parsed.Errors.Count > 0)
        {
            Errors = parsed.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (await Query.ResolveAsync(db, ct) is not { } resolved)
        {
            Suggestions = await CompanyLookup.SuggestAsync(db, Query.Ticker!, ct);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        // A submitted form names every field, empty or not: the shared address is the short one.
        Query = resolved.Query;
        if (!IsCanonical(Request.Query, Query.Values()))
            return RedirectToPage(Query.Values());

        var rows = ShockBoard.Query(db, resolved.Filter, Rule);
        var total = await ShockBoard.CountAsync(db, resolved.Filter, Rule, ct);
        Pager = Pager.For(Query.Page, total.Count, PageSize) with { AtLeast = total.AtLeast, Keep = Query.Values(withPage: false) };
        if (!Pager.Exists)
            return NotFound();
        Rows = await rows.Skip(Pager.Skip(PageSize)).Take(PageSize).ToListAsync(ct);
        return Page();
    }

    private static bool IsCanonical(IQueryCollection given, Dictionary<string, string> values) =>
        given.Count == values.Count && values.All(v => given.TryGetValue(v.Key, out var value) && value.Count == 1 && value[0] == v.Value);

    // A sector is offered when one of its companies has data: a look-up per sector (materialized first) that stops at its first
    // such company. Written in LINQ, the planner either turned it into a semi-join that probed the moves of every company or
    // ran the look-up for every company before the DISTINCT: 55 and 36 ms at 5,000 companies.
    private const string OfferedSectors = """
        WITH sectors AS MATERIALIZED (SELECT DISTINCT sector FROM companies WHERE sector IS NOT NULL)
        SELECT s.sector AS "Value" FROM sectors s
        WHERE (SELECT true FROM companies c WHERE c.sector = s.sector AND EXISTS (SELECT 1 FROM daily_moves m WHERE m.company_id = c.id) LIMIT 1)
        """;

    private async Task<Choices> ChoicesAsync(CancellationToken ct)
    {
        var sectors = await db.Database.SqlQueryRaw<string>(OfferedSectors).ToListAsync(ct);
        List<CompanyLookup.Suggestion> companies = await db.Companies.CountAsync(ct) > ListedTickersAtMost ? [] : await db.Companies.AsNoTracking()
            .Where(c => db.DailyMoves.Any(m => m.CompanyId == c.Id))
            .Select(c => new CompanyLookup.Suggestion(c.Ticker, c.Name))
            .ToListAsync(ct);
        return new([.. sectors.Order(StringComparer.Ordinal)], [.. companies.OrderBy(c => c.Ticker, StringComparer.Ordinal)]);
    }

    /// <summary>What the form offers: the sectors present and the tickers (for the ticker field's list).</summary>
    internal sealed record Choices(IReadOnlyList<string> Sectors, IReadOnlyList<CompanyLookup.Suggestion> Companies);
}
