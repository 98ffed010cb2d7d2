using System.Globalization;
using System.Text.RegularExpressions;
using Sylvan.Data.Csv;

namespace MarketShock.Imports;

/// <summary>
/// The current data row of a file, read field by field in the file's format. Every parse method records
/// a problem naming the line, column and value when the text is not acceptable, and returns null.
/// </summary>
internal sealed partial class Row(CsvDataReader csv, FileFormat format, ImportProblems problems, DateOnly today, string? ticker)
{
    private string _lastRawTicker = "";
    private string? _lastTicker;

    public int Line => csv.RowNumber;
    public FileFormat Format => format;
    public bool DecimalComma { get; init; }

    public ReadOnlySpan<char> Text(Field field) =>
        format.Columns.TryGetValue(field, out var i) ? csv.GetFieldSpan(i).Trim() : default;

    public void Error(Field? field, string message) =>
        problems.RowError(Line, field is { } f ? ColumnName(f) : null, field is { } g ? Text(g).ToString() : null, message);

    public void Warn(string message) => problems.Warn(Line, message);

    /// <summary>The row's ticker: its own column, else the one the file or the request gives.</summary>
    public string? Ticker()
    {
        if (!format.Has(Field.Ticker))
            return ticker;
        // Long files repeat a ticker for thousands of rows: reuse the last one read rather than re-check it.
        var raw = Text(Field.Ticker);
        if (_lastTicker is not null && raw.SequenceEqual(_lastRawTicker))
            return _lastTicker;
        var text = Tickers.Normalise(raw.ToString());
        if (Tickers.IsValid(text))
        {
            (_lastRawTicker, _lastTicker) = (raw.ToString(), text);
            return text;
        }
        Error(Field.Ticker, "not a valid ticker (1–15 letters, digits, '.', '-', '^' or '=')");
        return null;
    }

    public DateOnly? Date()
    {
        var text = Text(Field.Date);
        var date = format.Dates switch
        {
            DateStyle.Compact => Parse(text, "yyyyMMdd"),
            DateStyle.US => Parse(text, "M/d/yyyy"),
            _ => ParseIso(text),
        };
        if (date is null)
            return null;
        if (date > today)
        {
            Error(Field.Date, "the date is in the future");
            return null;
        }
        return date;

        DateOnly? Parse(ReadOnlySpan<char> value, string pattern)
        {
            if (DateOnly.TryParseExact(value, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                return parsed;
            Error(Field.Date, DateShape().IsMatch(value) || CompactShape().IsMatch(value) ? "no such calendar date" : $"not a date in the form {pattern}");
            return null;
        }
    }

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"];

    /// <summary>yyyy-MM-dd, or a timestamp at midnight in its own time zone (yfinance's history).</summary>
    private DateOnly? ParseIso(ReadOnlySpan<char> text)
    {
        if (text.Length <= 10)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return date;
            Error(Field.Date, DateShape().IsMatch(text) ? "no such calendar date" : "not a date in the form yyyy-MM-dd");
            return null;
        }
        if (!DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamp))
        {
            Error(Field.Date, "not a date in the form yyyy-MM-dd");
            return null;
        }
        if (stamp.TimeOfDay != TimeSpan.Zero)
        {
            // 05:00+00:00 is midnight in New York written in UTC: such bars come from intraday feeds whose
            // day boundary and close are not the exchange's official ones.
            Error(Field.Date, "a timestamp that is not midnight in its own time zone: this looks like intraday or re-timed data; use daily bars dated by trading day");
            return null;
        }
        return DateOnly.FromDateTime(stamp.DateTime);
    }

    /// <summary>A finite positive number below <paramref name="max"/>; empty, "null" and "N/A" mean missing.</summary>
    public decimal? Positive(Field field, bool required, decimal max)
    {
        var text = Text(field);
        if (IsMissing(text))
        {
            if (required)
                Error(field, "a value is required here");
            return null;
        }
        if (!TryParseNumber(text, out var value))
            Error(field, "not a finite number");
        else if (value <= 0)
            Error(field, "must be greater than zero");
        else if (value >= max)
            Error(field, $"too large to store: must be below {max:N0}");
        else
            return value;
        return null;
    }

    /// <summary>A whole number of zero or more (some sources write "333530240.0").</summary>
    public long? Whole(Field field, bool required, bool positive)
    {
        var text = Text(field);
        if (IsMissing(text))
        {
            if (required)
                Error(field, "a value is required here");
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) && (!positive || whole > 0))
            return whole;
        if (TryParseNumber(text, out var value) && value == decimal.Truncate(value) && value <= long.MaxValue && (positive ? value > 0 : value >= 0))
            return (long)value;
        Error(field, positive ? "must be a whole number greater than zero" : "must be a whole number of zero or more");
        return null;
    }

    public string? Optional(Field field, int maxLength)
    {
        var text = Text(field);
        if (text.IsEmpty)
            return null;
        if (text.Length <= maxLength)
            return text.ToString();
        Error(field, $"longer than {maxLength} characters");
        return null;
    }

    public static bool IsMissing(ReadOnlySpan<char> text) =>
        text.IsEmpty || text.Equals("null", StringComparison.OrdinalIgnoreCase) || text.Equals("N/A", StringComparison.OrdinalIgnoreCase);

    private bool TryParseNumber(ReadOnlySpan<char> text, out decimal value)
    {
        if (text.StartsWith('$'))
            text = text[1..]; // Nasdaq.com writes prices as $118.42
        if (DecimalComma && text.Contains(','))
        {
            Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
            if (text.Length > buffer.Length)
            {
                value = 0;
                return false;
            }
            text.CopyTo(buffer);
            buffer.Replace(',', '.');
            return TryParseInvariant(buffer, out value);
        }
        return TryParseInvariant(text, out value);
    }

    private static bool TryParseInvariant(ReadOnlySpan<char> text, out decimal value)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return false;
        value = WithoutFloatNoise(text, value);
        return true;
    }

    /// <summary>
    /// yfinance writes prices that were float32 as doubles (118.41999816894531 for 118.42). A value that
    /// is exactly a float32 and printed with more digits than one needs is read as that float's shortest form.
    /// </summary>
    private static decimal WithoutFloatNoise(ReadOnlySpan<char> text, decimal value)
    {
        if (text.Length < 12 || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var asDouble))
            return value;
        var asFloat = (float)asDouble;
        return (double)asFloat == asDouble ? decimal.Parse(asFloat.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) : value;
    }

    private string ColumnName(Field field) => format.Columns.TryGetValue(field, out var i) ? format.Header[i] : field.ToString();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateShape();

    [GeneratedRegex(@"^(\d{8}|\d{1,2}/\d{1,2}/\d{4})$")]
    private static partial Regex CompactShape();
}
