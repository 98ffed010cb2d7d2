using MarketShock.Admin;
using MarketShock.Caching;
using MarketShock.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Admin;

/// <summary>The event labels, newest day first, each with its edit link and delete button.</summary>
public sealed class EventsModel(MarketShockDbContext db) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Row> Labels { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, 1, 0);

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(int p = 1, CancellationToken ct = default)
    {
        Pager = Pager.For(p, await db.EventLabels.CountAsync(ct), PageSize);
        if (!Pager.Exists)
            return NotFound();
        Labels = await (from e in db.EventLabels
                        from c in db.Companies.Where(c => c.Id == e.CompanyId).DefaultIfEmpty()
                        orderby e.Date descending, c.Ticker
                        select new Row(e.Id, c.Ticker, e.Date, e.Label, e.Url, e.UpdatedAt))
            .Skip(Pager.Skip(PageSize)).Take(PageSize).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        var row = await (from e in db.EventLabels
                         from c in db.Companies.Where(c => c.Id == e.CompanyId).DefaultIfEmpty()
                         where e.Id == id
                         select new Row(e.Id, c.Ticker, e.Date, e.Label, e.Url, e.UpdatedAt)).FirstOrDefaultAsync(ct);
        if (row is null)
            return NotFound();
        var audit = Audit.New(HttpContext, "event-label.deleted", row.Describe());
        // One retriable unit: a connection lost before the commit runs it all again.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async attemptCt =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(attemptCt);
            await db.EventLabels.Where(e => e.Id == id).ExecuteDeleteAsync(attemptCt);
            db.AuditEntries.Add(audit);
            await db.SaveChangesAsync(attemptCt);
            await DataChanges.AnnounceAsync(db, attemptCt);
            await transaction.CommitAsync(attemptCt);
        }, ct);
        Done = $"Deleted the label of {row.Subject}.";
        return RedirectToPage();
    }

    /// <param name="Ticker">Null for a label of the whole market day.</param>
    public sealed record Row(long Id, string? Ticker, DateOnly Date, string Label, string? Url, DateTimeOffset UpdatedAt)
    {
        public string Subject => $"{Ticker ?? "the market day"} {Date:yyyy-MM-dd}";

        public string Describe() => $"{Subject}: {Label}{(Url is null ? "" : $" <{Url}>")}";
    }
}
