using MarketShock.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages;

public sealed class IndexModel(MarketShockDbContext db) : PageModel
{
    public IReadOnlyList<CompanyRow> Companies { get; private set; } = [];
    public int PriceRows { get; private set; }
    public DateOnly? FirstDate { get; private set; }
    public DateOnly? LastDate { get; private set; }
    public DateTimeOffset? LastImport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Companies = await db.Companies.AsNoTracking()
            .OrderBy(c => c.Ticker)
            .Select(c => new CompanyRow(
                c.Ticker, c.Name, c.Sector,
                db.DailyPrices.Count(p => p.CompanyId == c.Id),
                db.DailyPrices.Where(p => p.CompanyId == c.Id).Min(p => (DateOnly?)p.Date),
                db.DailyPrices.Where(p => p.CompanyId == c.Id).Max(p => (DateOnly?)p.Date),
                db.DailyPrices.Where(p => p.CompanyId == c.Id).OrderByDescending(p => p.Date).Select(p => (decimal?)p.Close).FirstOrDefault()))
            .ToListAsync(ct);
        PriceRows = Companies.Sum(c => c.Days);
        FirstDate = Companies.Min(c => c.FirstDate);
        LastDate = Companies.Max(c => c.LastDate);
        LastImport = await db.ImportLogs.Where(l => l.Status == Imports.ImportStatus.Imported && !l.DryRun)
            .MaxAsync(l => (DateTimeOffset?)l.StartedAt, ct);
    }

    public sealed record CompanyRow(string Ticker, string Name, string? Sector, int Days, DateOnly? FirstDate, DateOnly? LastDate, decimal? LastClose);
}
