using System.Globalization;

namespace MarketShock.Pages;

/// <summary>
/// Writes the CSV exports for spreadsheets: numbers plain and invariant, dates yyyy-MM-dd, text quoted when it
/// must be, and text that a spreadsheet would run as a formula (=, +, −, @, tab, CR first) prefixed with a quote.
/// </summary>
internal sealed class CsvText(TextWriter writer)
{
    private bool _rowStarted;

    public CsvText Text(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            text = "'" + text;
        if (text.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            text = "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return Cell(text);
    }

    public CsvText Number(decimal? value) => Cell(value?.ToString(CultureInfo.InvariantCulture) ?? "");

    public CsvText Number(double? value) => Cell(value?.ToString("R", CultureInfo.InvariantCulture) ?? "");

    public CsvText Number(long? value) => Cell(value?.ToString(CultureInfo.InvariantCulture) ?? "");

    public CsvText Date(DateOnly? value) => Cell(value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");

    public CsvText Flag(bool value) => Cell(value ? "true" : "false");

    /// <summary>A header or data row of plain names.</summary>
    public CsvText Names(params string[] names)
    {
        foreach (var name in names)
            Text(name);
        return this;
    }

    public async Task EndRowAsync()
    {
        await writer.WriteAsync("\r\n");
        _rowStarted = false;
    }

    private CsvText Cell(string text)
    {
        if (_rowStarted)
            writer.Write(',');
        writer.Write(text);
        _rowStarted = true;
        return this;
    }
}
