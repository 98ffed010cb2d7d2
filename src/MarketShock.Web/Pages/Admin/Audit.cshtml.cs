using MarketShock.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Admin;

/// <summary>The audit log, newest first: every sign-in (and failed one), sign-out, upload and edit, and the admin commands.</summary>
public sealed class AuditModel(MarketShockDbContext db) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Row> Entries { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, 1, 0);

    public async Task<IActionResult> OnGetAsync(int p = 1, CancellationToken ct = default)
    {
        Pager = Pager.For(p, await db.AuditEntries.CountAsync(ct), PageSize);
        if (!Pager.Exists)
            return NotFound();
        Entries = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Pager.Skip(PageSize)).Take(PageSize)
            .Select(e => new Row(e.Id, e.At, e.Who, e.Address, e.Action, e.Details))
            .ToListAsync(ct);
        return Page();
    }

    /// <param name="Address">Null for the command line.</param>
    public sealed record Row(long Id, DateTimeOffset At, string Who, string? Address, string Action, string Details);
}
