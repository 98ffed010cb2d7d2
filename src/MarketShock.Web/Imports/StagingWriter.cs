using System.Globalization;

namespace MarketShock.Imports;

/// <summary>
/// Writes staged rows in COPY's text format. Every value has been checked already, so each is written as
/// plain invariant text, and the server reads it the way it reads psql's COPY.
/// </summary>
internal sealed class StagingWriter(TextWriter copy)
{
    private readonly char[] _buffer = new char[64];
    private bool _firstField = true;

    public void StartRow(int line, string ticker)
    {
        if (!_firstField)
            copy.Write('\n');
        _firstField = true;
        Write(line);
        Write(ticker);
    }

    public void Write(int value) => Formatted(value.TryFormat(_buffer, out var n, provider: CultureInfo.InvariantCulture), n);

    public void Write(long? value)
    {
        if (value is { } v)
            Formatted(v.TryFormat(_buffer, out var n, provider: CultureInfo.InvariantCulture), n);
        else
            Null();
    }

    public void Write(decimal? value)
    {
        if (value is { } v)
            Formatted(v.TryFormat(_buffer, out var n, provider: CultureInfo.InvariantCulture), n);
        else
            Null();
    }

    public void Write(DateOnly value) => Formatted(value.TryFormat(_buffer, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture), n);

    public void Write(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        Separate();
        foreach (var c in value)
        {
            // COPY text format: backslash escapes for the characters that delimit fields and rows.
            switch (c)
            {
                case '\\': copy.Write("\\\\"); break;
                case '\t': copy.Write("\\t"); break;
                case '\n': copy.Write("\\n"); break;
                case '\r': copy.Write("\\r"); break;
                default: copy.Write(c); break;
            }
        }
    }

    /// <summary>Ends the last row.</summary>
    public void Finish()
    {
        if (!_firstField)
            copy.Write('\n');
    }

    private void Null()
    {
        Separate();
        copy.Write("\\N");
    }

    private void Formatted(bool ok, int length)
    {
        if (!ok)
            throw new InvalidOperationException("a value too long to stage");
        Separate();
        copy.Write(_buffer, 0, length);
    }

    private void Separate()
    {
        if (!_firstField)
            copy.Write('\t');
        _firstField = false;
    }
}
