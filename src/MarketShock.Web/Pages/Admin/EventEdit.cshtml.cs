using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MarketShock.Admin;
using MarketShock.Caching;
using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Pages.Admin;

/// <summary>Adds an event label, or with an id edits one: the same rules as a file of labels, each message beside its field.</summary>
public sealed class EventEditModel(MarketShockDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public Form Input { get; set; } = new();

    public bool IsNew => Id is null;

    [FromRoute]
    public long? Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is null)
            return Page();
        var found = await (from e in db.EventLabels
                           from c in db.Companies.Where(c => c.Id == e.CompanyId).DefaultIfEmpty()
                           where e.Id == Id
                           select new Form { Ticker = c.Ticker, Date = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Label = e.Label, Url = e.Url })
            .FirstOrDefaultAsync(ct);
        if (found is null)
            return NotFound();
        Input = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var label = Id is null ? new EventLabel() : await db.EventLabels.FirstOrDefaultAsync(e => e.Id == Id, ct);
        if (label is null)
            return NotFound();
        var before = Id is null ? null : Describe(await TickerAsync(label.CompanyId, ct), label);
        var (companyId, ticker, date) = await CheckAsync(ct);
        if (!ModelState.IsValid)
            return Page();

        (label.CompanyId, label.Date, label.Label, label.Url) = (companyId, date, Input.Label!.Trim(), Clean(Input.Url));
        label.UpdatedAt = clock.GetUtcNow();
        if (Id is null)
            db.EventLabels.Add(label);
        var after = Describe(ticker, label);
        Audit.Add(db, HttpContext, Id is null ? "event-label.added" : "event-label.edited", before is null ? after : $"{before} → {after}");
        // One retriable unit; the tracked changes are kept until it commits, so that a retry saves them again.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async attemptCt =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(attemptCt);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, attemptCt);
            await DataChanges.AnnounceAsync(db, attemptCt);
            await transaction.CommitAsync(attemptCt);
        }, ct);
        db.ChangeTracker.AcceptAllChanges();
        TempData[nameof(EventsModel.Done)] = Id is null ? $"Added the label of {Subject(ticker, date)}." : $"Saved the label of {Subject(ticker, date)}.";
        return RedirectToPage("/Admin/Events");
    }

    private async Task<(int? CompanyId, string? Ticker, DateOnly Date)> CheckAsync(CancellationToken ct)
    {
        int? companyId = null;
        string? ticker = null;
        if (!string.IsNullOrWhiteSpace(Input.Ticker))
        {
            ticker = Tickers.Normalise(Input.Ticker);
            companyId = await db.Companies.Where(c => c.Ticker == ticker).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
            if (companyId is null)
                ModelState.AddModelError("Input.Ticker", "No company has this ticker: import it first, or leave the ticker empty for the whole market day.");
        }
        if (!DateOnly.TryParseExact(Input.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            ModelState.AddModelError("Input.Date", "Not a date in the form yyyy-MM-dd.");
        else if (date > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            ModelState.AddModelError("Input.Date", "The date is in the future.");
        else if (await db.EventLabels.AnyAsync(e => e.CompanyId == companyId && e.Date == date && e.Id != (Id ?? 0), ct))
            ModelState.AddModelError("Input.Date", $"{Subject(ticker, date)} already has a label: edit that one.");
        if (EventLabel.LabelProblem(Input.Label) is { } labelProblem)
            ModelState.AddModelError("Input.Label", Sentence(labelProblem));
        if (EventLabel.UrlProblem(Input.Url) is { } urlProblem)
            ModelState.AddModelError("Input.Url", Sentence(urlProblem));
        return (companyId, ticker, date);
    }

    private Task<string?> TickerAsync(int? companyId, CancellationToken ct) =>
        db.Companies.Where(c => c.Id == companyId).Select(c => c.Ticker).FirstOrDefaultAsync(ct);

    private static string Subject(string? ticker, DateOnly date) => $"{ticker ?? "the market day"} {date:yyyy-MM-dd}";

    private static string Describe(string? ticker, EventLabel label) =>
        $"{Subject(ticker, label.Date)}: {label.Label}{(label.Url is null ? "" : $" <{label.Url}>")}";

    private static string? Clean(string? url) => string.IsNullOrWhiteSpace(url) ? null : url.Trim();

    private static string Sentence(string problem) => char.ToUpperInvariant(problem[0]) + problem[1..] + ".";

    public sealed class Form
    {
        [Display(Name = "Ticker")]
        public string? Ticker { get; set; }

        [Display(Name = "Date")]
        public string? Date { get; set; }

        [Display(Name = "Label")]
        public string? Label { get; set; }

        [Display(Name = "Link")]
        public string? Url { get; set; }
    }
}
