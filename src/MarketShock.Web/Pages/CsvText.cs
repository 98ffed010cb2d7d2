using System.Globalization;

namespace MarketShock.Pages;

/// <summary>
/// Writes the CSV exports for spreadsheets: numbers plain and invariant, dates yyyy-MM-dd, text quoted when it
/// must be, and text that a spreadsheet would run as a formula (=, +, −, @, tab, CR first) prefixed with a quote.
/// Rows gather in a buffer that goes to <paramref name="writer"/> asynchronously (a response body refuses synchronous
/// writes), a block at a time; <see cref="FlushAsync"/> sends the rest.
/// </summary>
internal sealed class CsvText(TextWriter writer)
{
    private const int BlockChars = 32 * 1024;

    private readonly System.Text.StringBuilder _block = new(BlockChars * 2);
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

    public async Task EndRowAsync(CancellationToken ct = default)
    {
        _block.Append("\r\n");
        _rowStarted = false;
        if (_block.Length >= BlockChars)
            await SendAsync(ct);
    }

    /// <summary>Sends what is buffered and flushes the writer.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await SendAsync(ct);
        await writer.FlushAsync(ct);
    }

    private async Task SendAsync(CancellationToken ct)
    {
        await writer.WriteAsync(_block, ct);
        _block.Clear();
    }

    private CsvText Cell(string text)
    {
        if (_rowStarted)
            _block.Append(',');
        _block.Append(text);
        _rowStarted = true;
        return this;
    }
}
