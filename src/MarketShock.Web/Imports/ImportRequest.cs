namespace MarketShock.Imports;

public enum ImportKind { Prices, Shares, Splits, Companies, Events }

/// <summary>
/// What the person importing asked for: who they are, what the file cannot say for itself, whether to only
/// check (<paramref name="DryRun"/>), and whether to import the valid rows of a file with bad ones (<paramref name="SkipInvalid"/>).
/// </summary>
/// <param name="Audit">The audit entry of the import, given its outcome: saved with the import's log, in its transaction.</param>
public sealed record ImportRequest(string ImportedBy, string? Ticker = null, ImportKind? Kind = null, bool DryRun = false, bool SkipInvalid = false,
    Func<ImportLog, Admin.AuditEntry>? Audit = null);

/// <summary>A file to import, opened as a stream so that uploads and files on disk go the same way.</summary>
public sealed record ImportSource(string FileName, long Size, Func<Stream> Open)
{
    public static ImportSource FromPath(string path) =>
        new(Path.GetFileName(path), new FileInfo(path).Length, () => File.OpenRead(path));
}
