namespace MarketShock.Imports;

/// <summary>
/// Errors, warnings and skipped rows of one file. Keeps the first <see cref="Limit"/> of each and counts all.
/// A file-level error always rejects the file; a row error rejects it too unless invalid rows are skipped.
/// </summary>
internal sealed class ImportProblems(bool skipInvalid = false)
{
    public const int Limit = 1000;

    private int _fileErrors;
    private int _rowErrors;
    private int _lastSkippedLine;

    public List<ImportError> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    public int WarningCount { get; private set; }
    public int SkippedRows { get; private set; }
    public bool SkipInvalid => skipInvalid;

    /// <summary>Repeated rows dropped after staging when invalid rows are skipped.</summary>
    public int DroppedDuplicates { get; set; }

    /// <summary>Errors that reject the file.</summary>
    public int ErrorCount => _fileErrors + (skipInvalid ? 0 : _rowErrors);

    /// <summary>Every error recorded, including those of skipped rows.</summary>
    public int AllErrors => _fileErrors + _rowErrors;

    public void Error(int line, string? column, string? value, string message)
    {
        _fileErrors++;
        Add(line, column, value, message);
    }

    public void RowError(int line, string? column, string? value, string message)
    {
        _rowErrors++;
        if (skipInvalid && line != _lastSkippedLine)
        {
            SkippedRows++;
            _lastSkippedLine = line;
        }
        Add(line, column, value, skipInvalid ? message + " (row skipped)" : message);
    }

    public void Warn(int line, string message) => Warn($"line {line}: {message}");

    public void Warn(string message)
    {
        WarningCount++;
        if (Warnings.Count < Limit)
            Warnings.Add(Storable(message));
    }

    public void SkipRow(int line, string reason)
    {
        SkippedRows++;
        Warn(line, reason);
    }

    private void Add(int line, string? column, string? value, string message)
    {
        if (Errors.Count < Limit)
            Errors.Add(new ImportError(line, Storable(column), Storable(value is { Length: > 80 } ? value[..80] + "…" : value), Storable(message)));
    }

    /// <summary>
    /// The text as the import log can store it: PostgreSQL's text and jsonb refuse NUL, and a character cut in half (a lone
    /// surrogate) cannot be encoded, so a NUL is shown as ␀ and a lone surrogate as �.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Storable(string? text)
    {
        if (text is null || (!text.Contains('\0') && !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF')))
            return text;
        var storable = new System.Text.StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes()) // an invalid surrogate comes out as the replacement character
            storable.Append(rune.Value == 0 ? "\u2400" : rune.ToString());
        return storable.ToString();
    }
}
