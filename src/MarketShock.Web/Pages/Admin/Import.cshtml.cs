using MarketShock.Data;
using MarketShock.Imports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Admin;

/// <summary>Everything stored about one import.</summary>
public sealed class ImportModel(MarketShockDbContext db) : PageModel
{
    public ImportLog Import { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.ImportLogs.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct) is not { } import)
            return NotFound();
        Import = import;
        return Page();
    }
}
