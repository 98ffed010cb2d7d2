namespace MarketShock.Imports;

public enum ImportKind { Prices, Shares, Splits, Companies }

/// <summary>What the person importing asked for: who they are, and what the file cannot say for itself.</summary>
public sealed record ImportRequest(string ImportedBy, string? Ticker = null, ImportKind? Kind = null, bool DryRun = false);

/// <summary>A file to import, opened as a stream so that uploads and files on disk go the same way.</summary>
public sealed record ImportSource(string FileName, long Size, Func<Stream> Open)
{
    public static ImportSource FromPath(string path) =>
        new(Path.GetFileName(path), new FileInfo(path).Length, () => File.OpenRead(path));
}
