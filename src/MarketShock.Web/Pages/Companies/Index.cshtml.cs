using MarketShock.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Companies;

/// <summary>Every company with prices (a shares or splits file alone creates none here), searchable by ticker or name.</summary>
public sealed class CompaniesModel(MarketShockDbContext db) : PageModel
{
    public string? Search { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int WithPrices { get; private set; }

    public async Task OnGetAsync(string? q, CancellationToken ct)
    {
        Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var companies = db.Companies.AsNoTracking().Where(c => db.DailyMoves.Any(m => m.CompanyId == c.Id));
        WithPrices = await companies.CountAsync(ct);
        if (Search is not null)
        {
            var pattern = "%" + Search.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";
            companies = companies.Where(c => EF.Functions.ILike(c.Ticker, pattern, @"\") || EF.Functions.ILike(c.Name, pattern, @"\"));
        }
        // One statement: the latest day and the worst day (the leaderboard's order: ΔM, then %) of each company.
        Rows = await companies.OrderBy(c => c.Ticker)
            .Select(c => new
            {
                c.Ticker, c.Name, c.Sector,
                Last = db.DailyMoves.Where(m => m.CompanyId == c.Id).OrderByDescending(m => m.Date)
                    .Select(m => new { m.Date, m.Close, m.MarketCap, m.SharesApproximate }).First(),
                Worst = db.DailyMoves.Where(m => m.CompanyId == c.Id && m.Change < 0 && m.Ranked)
                    .OrderBy(m => m.MarketCapChange).ThenBy(m => m.Change).ThenBy(m => m.Date)
                    .Select(m => new Day(m.Date, m.Change!.Value * 100, m.MarketCapChange, m.MarketCapApproximate)).FirstOrDefault(),
            })
            .Select(c => new Row(c.Ticker, c.Name, c.Sector, c.Last.Date, c.Last.Close, c.Last.MarketCap, c.Last.SharesApproximate, c.Worst))
            .ToListAsync(ct);
    }

    public sealed record Row(string Ticker, string Name, string? Sector, DateOnly LastDate, decimal LastClose, decimal? MarketCap,
        bool MarketCapApproximate, Day? Worst);

    /// <param name="ChangePct">r_t in percent.</param>
    public sealed record Day(DateOnly Date, double ChangePct, decimal? MarketCapChange, bool MarketCapApproximate);
}
