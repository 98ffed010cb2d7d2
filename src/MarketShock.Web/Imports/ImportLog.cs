namespace MarketShock.Imports;

public enum ImportStatus { Imported, Rejected, Failed }

/// <summary>One row per imported file: what was read, what changed, and why anything was refused.</summary>
public sealed class ImportLog
{
    public long Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public required string ImportedBy { get; set; }
    public required string FileName { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>The file's SHA-256, hashed as it is parsed; null when the file could not be read to its end.</summary>
    public string? Sha256 { get; set; }
    public string? Format { get; set; }
    public string? Kind { get; set; }
    public List<string> Tickers { get; set; } = [];
    public DateOnly? FirstDate { get; set; }
    public DateOnly? LastDate { get; set; }
    public int RowsRead { get; set; }
    public int RowsInserted { get; set; }
    public int RowsUpdated { get; set; }
    public int RowsUnchanged { get; set; }
    public int RowsSkipped { get; set; }
    public bool DryRun { get; set; }
    public ImportStatus Status { get; set; }
    public long DurationMs { get; set; }
    public List<string> Warnings { get; set; } = [];
    public List<ImportError> Errors { get; set; } = [];
}

/// <summary>A problem at one place in a file. Line is 1-based and counts header lines; 0 means the file as a whole.</summary>
public sealed record ImportError(int Line, string? Column, string? Value, string Message)
{
    /// <summary>"line 3, column High ('abc'): message", "'my prices.csv': message" or the message alone.</summary>
    public override string ToString()
    {
        var at = string.Join(", ", new[] { Line > 0 ? $"line {Line}" : null, Column is null ? null : $"column {Column}" }.OfType<string>());
        var value = Value is null ? null : $"'{Value}'";
        var subject = at.Length == 0 ? value : value is null ? at : $"{at} ({value})";
        return subject is null ? Message : $"{subject}: {Message}";
    }
}
