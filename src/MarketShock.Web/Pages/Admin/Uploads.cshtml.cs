using MarketShock.Admin;
using MarketShock.Data;
using MarketShock.Imports;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Pages.Admin;

// The upload is read as a stream, never bound as a form, and MultipartUpload checks its antiforgery token:
// the framework's own check would buffer the whole form before the handler runs.
[IgnoreAntiforgeryToken]
[DisableFormValueModelBinding]
public sealed class UploadsModel(MarketShockDbContext db, IServiceScopeFactory scopes, IOptions<ImportOptions> options) : PageModel
{
    private const int MaxResults = 200;

    public IReadOnlyList<ImportLog> Results { get; private set; } = [];
    public string? Problem { get; private set; }
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>The form, and the results of the upload whose import ids are given (where the POST redirects to).</summary>
    public async Task OnGetAsync(long[] ids, CancellationToken ct)
    {
        var wanted = ids.Take(MaxResults).ToList();
        if (wanted.Count > 0)
            Results = await db.ImportLogs.AsNoTracking().Where(l => wanted.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Request.ContentLength > MaxUploadBytes)
            return TooLarge();
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxUploadBytes;
        try
        {
            using var upload = await MultipartUpload.ReadAsync(HttpContext, ct);
            if (upload.Files.Count == 0)
                return Refuse(StatusCodes.Status400BadRequest, "Choose one or more CSV files to upload.");
            if (UploadForm.Parse(upload.Fields) is not { } form)
                return Refuse(StatusCodes.Status400BadRequest, "The kind must be prices, shares, splits, companies or events, or left to be detected.");
            var ids = new List<long>();
            foreach (var file in upload.Files)
                ids.Add(await ImportAsync(file, form.ToRequest(User.Identity!.Name!) with { Audit = Audited }));
            return RedirectToPage(new { ids });
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"The upload could not be read: {ex.Message}.");
        }
        catch (AntiforgeryValidationException)
        {
            return Refuse(StatusCodes.Status400BadRequest, "The upload was refused because the form had expired. Reload the page and upload the files again.");
        }
    }

    // A scope per file keeps the files independent (one file's failure cannot leave state behind for the next),
    // and once the upload is complete the imports run to the end even if the browser goes away, or the site is told to
    // stop: it waits for requests in flight (HostOptions.ShutdownTimeout), and a process ended before the import
    // commits leaves nothing of it (PostgreSQL rolls the transaction back).
    private async Task<long> ImportAsync(UploadedFile file, ImportRequest request)
    {
        await using var scope = scopes.CreateAsyncScope();
        var log = await scope.ServiceProvider.GetRequiredService<Importer>().ImportAsync(file.ToSource(), request, CancellationToken.None);
        file.Delete();
        return log.Id;
    }

    /// <summary>The upload of one file, as the audit shows it: its name and what became of it.</summary>
    private AuditEntry Audited(ImportLog log)
    {
        var outcome = log is { DryRun: true, Status: ImportStatus.Imported } ? "checked" : log.Status.ToString().ToLowerInvariant();
        var what = $"{log.FileName} ({ImportDisplay.FormatAndKind(log.Format, log.Kind)}{(log.Tickers.Count > 0 ? $", {ImportDisplay.Tickers(log.Tickers)}" : "")})"
            + $"{(log.DryRun ? ", dry run" : "")}: {log.RowsRead:N0} rows read, {log.RowsInserted:N0} inserted, {log.RowsUpdated:N0} updated, "
            + $"{log.RowsUnchanged:N0} unchanged, {log.RowsSkipped:N0} skipped";
        if (log.Errors.Count > 0)
            what += $"; first error: {log.Errors[0]}";
        return Audit.New(HttpContext, $"upload.{outcome}", what);
    }

    private PageResult TooLarge() => Refuse(StatusCodes.Status413PayloadTooLarge,
        $"The upload is larger than the limit of {ImportDisplay.Bytes(MaxUploadBytes)}. Upload fewer or smaller files at a time.");

    private PageResult Refuse(int status, string problem)
    {
        Response.StatusCode = status;
        Problem = problem;
        return Page();
    }

    /// <summary>The options sent with the files; null when the kind is not one the importer knows.</summary>
    public sealed record UploadForm(bool DryRun, bool SkipInvalid, string? Ticker, ImportKind? Kind)
    {
        public static UploadForm? Parse(IReadOnlyDictionary<string, string> fields)
        {
            ImportKind? kind = null;
            if (fields.GetValueOrDefault("kind") is { Length: > 0 } name)
            {
                if (!Enum.TryParse<ImportKind>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    return null;
                kind = parsed;
            }
            var ticker = fields.GetValueOrDefault("ticker")?.Trim();
            return new UploadForm(IsChecked(fields, "dryRun"), IsChecked(fields, "skipInvalid"), string.IsNullOrEmpty(ticker) ? null : ticker, kind);
        }

        public ImportRequest ToRequest(string importedBy) => new(importedBy, Ticker, Kind, DryRun, SkipInvalid);

        private static bool IsChecked(IReadOnlyDictionary<string, string> fields, string name) =>
            fields.GetValueOrDefault(name) is "true" or "on";
    }
}
