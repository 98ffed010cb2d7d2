using System.ComponentModel.DataAnnotations;
using MarketShock.Admin;
using MarketShock.Caching;
using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MarketShock.Pages.Admin;

/// <summary>
/// Edits a company's name, sector, industry and exchange, with the limits of a company file (the ticker is its key and stays).
/// A new sector regroups the company's market days in the same transaction, so the readers' sector figures follow at once.
/// </summary>
public sealed class CompanyEditModel(MarketShockDbContext db) : PageModel
{
    [FromRoute]
    public string Ticker { get; set; } = "";

    [BindProperty]
    public Form Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Ticker == Tickers.Normalise(Ticker), ct);
        if (company is null)
            return NotFound();
        if (company.Ticker != Ticker)
            return RedirectToPage(new { ticker = company.Ticker });
        Input = new Form { Name = company.Name, Sector = company.Sector, Industry = company.Industry, Exchange = company.Exchange };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var edited = Check();
        if (!ModelState.IsValid)
            return await db.Companies.AnyAsync(c => c.Ticker == Ticker, ct) ? Page() : NotFound();

        // One retriable unit: a connection lost before the commit runs it all again.
        var done = await db.Database.CreateExecutionStrategy().ExecuteAsync(attemptCt => SaveAsync(edited, attemptCt), ct);
        if (done is null)
            return NotFound();
        TempData[nameof(CompaniesModel.Done)] = done;
        return RedirectToPage("/Admin/Companies");
    }

    /// <summary>The edit in one transaction: what to tell the admin, or null when the company is gone.</summary>
    private async Task<string?> SaveAsync(Form edited, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // As an import of a company file: after any full recomputation, and one change of this company at a time.
        await Sql.ExecuteAsync(connection, ShockAnalytics.ShareRecomputationLock, ct);
        await Sql.ExecuteAsync(connection, Importer.LockCompanies, ct, (object)new[] { Ticker });
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Ticker == Ticker, ct);
        if (company is null)
            return null;
        var changes = Changes(company, edited);
        if (changes.Count == 0)
            return $"No change to {company.Ticker}: the values were the same.";
        var sectorChanged = company.Sector != edited.Sector;
        (company.Name, company.Sector, company.Industry, company.Exchange) = (edited.Name!, edited.Sector, edited.Industry, edited.Exchange);
        Audit.Add(db, HttpContext, "company.edited", $"{company.Ticker}: {string.Join("; ", changes)}");
        await db.SaveChangesAsync(ct);
        if (sectorChanged)
            await ShockAnalytics.RegroupAsync(connection, company.Id, ct);
        await DataChanges.AnnounceAsync(db, ct);
        await transaction.CommitAsync(ct);
        return $"Saved {company.Ticker}.";
    }

    /// <summary>The form's values trimmed, an empty one cleared (as in a company file), each checked against its column.</summary>
    private Form Check()
    {
        var edited = new Form { Name = Clean(Input.Name), Sector = Clean(Input.Sector), Industry = Clean(Input.Industry), Exchange = Clean(Input.Exchange) };
        if (edited.Name is null)
            ModelState.AddModelError("Input.Name", "A company name is required.");
        CheckLength("Input.Name", "name", edited.Name, Company.NameLength);
        CheckLength("Input.Sector", "sector", edited.Sector, Company.SectorLength);
        CheckLength("Input.Industry", "industry", edited.Industry, Company.IndustryLength);
        CheckLength("Input.Exchange", "exchange", edited.Exchange, Company.ExchangeLength);
        return edited;
    }

    private void CheckLength(string key, string field, string? value, int maxLength)
    {
        if (value?.Length > maxLength)
            ModelState.AddModelError(key, $"The {field} is longer than {maxLength} characters ({value.Length}).");
    }

    /// <summary>"sector Technology → Semiconductors", one for each field that changes.</summary>
    private static List<string> Changes(Company company, Form edited) =>
    [
        .. new[] { ("name", company.Name, edited.Name), ("sector", company.Sector, edited.Sector),
                   ("industry", company.Industry, edited.Industry), ("exchange", company.Exchange, edited.Exchange) }
            .Where(f => f.Item2 != f.Item3)
            .Select(f => $"{f.Item1} {f.Item2 ?? "—"} → {f.Item3 ?? "—"}"),
    ];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public sealed class Form
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        [Display(Name = "Sector")]
        public string? Sector { get; set; }

        [Display(Name = "Industry")]
        public string? Industry { get; set; }

        [Display(Name = "Exchange")]
        public string? Exchange { get; set; }
    }
}
