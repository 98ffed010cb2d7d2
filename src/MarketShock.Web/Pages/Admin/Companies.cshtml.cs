using MarketShock.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Admin;

/// <summary>The companies by ticker, each with a link to edit what a company file would set.</summary>
public sealed class CompaniesModel(MarketShockDbContext db) : PageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<Row> Companies { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, 1, 0);

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(int p = 1, CancellationToken ct = default)
    {
        Pager = Pager.For(p, await db.Companies.CountAsync(ct), PageSize);
        if (!Pager.Exists)
            return NotFound();
        Companies = await db.Companies.AsNoTracking().OrderBy(c => c.Ticker)
            .Skip(Pager.Skip(PageSize)).Take(PageSize)
            .Select(c => new Row(c.Ticker, c.Name, c.Sector, c.Industry, c.Exchange))
            .ToListAsync(ct);
        return Page();
    }

    public sealed record Row(string Ticker, string Name, string? Sector, string? Industry, string? Exchange);
}
