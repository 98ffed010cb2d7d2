namespace MarketShock.Imports;

/// <summary>Errors, warnings and skipped rows of one file. Keeps the first <see cref="Limit"/> of each and counts all.</summary>
internal sealed class ImportProblems
{
    public const int Limit = 1000;

    public List<ImportError> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    public int ErrorCount { get; private set; }
    public int WarningCount { get; private set; }
    public int SkippedRows { get; private set; }

    public void Error(int line, string? column, string? value, string message)
    {
        ErrorCount++;
        if (Errors.Count < Limit)
            Errors.Add(new ImportError(line, column, value is { Length: > 80 } ? value[..80] + "…" : value, message));
    }

    public void Warn(int line, string message) => Warn($"line {line}: {message}");

    public void Warn(string message)
    {
        WarningCount++;
        if (Warnings.Count < Limit)
            Warnings.Add(message);
    }

    public void SkipRow(int line, string reason)
    {
        SkippedRows++;
        Warn(line, reason);
    }
}
