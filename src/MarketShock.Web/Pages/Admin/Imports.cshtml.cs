using MarketShock.Data;
using MarketShock.Imports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Admin;

/// <summary>The import history, newest first.</summary>
public sealed class ImportsModel(MarketShockDbContext db) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Row> Imports { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, 1, 0);

    public async Task<IActionResult> OnGetAsync(int p = 1, CancellationToken ct = default)
    {
        Pager = Pager.For(p, await db.ImportLogs.CountAsync(ct), PageSize);
        if (!Pager.Exists)
            return NotFound();
        Imports = await db.ImportLogs.AsNoTracking()
            .OrderByDescending(l => l.StartedAt).ThenByDescending(l => l.Id)
            .Skip(Pager.Skip(PageSize)).Take(PageSize)
            .Select(l => new Row(l.Id, l.StartedAt, l.ImportedBy, l.FileName, l.Status, l.DryRun, l.Format, l.Kind, l.Tickers,
                l.FirstDate, l.LastDate, l.RowsRead, l.RowsInserted, l.RowsUpdated, l.RowsUnchanged, l.RowsSkipped, l.DurationMs))
            .ToListAsync(ct);
        return Page();
    }

    public sealed record Row(long Id, DateTimeOffset StartedAt, string ImportedBy, string FileName, ImportStatus Status, bool DryRun,
        string? Format, string? Kind, List<string> Tickers, DateOnly? FirstDate, DateOnly? LastDate,
        int Read, int Inserted, int Updated, int Unchanged, int Skipped, long DurationMs);
}
