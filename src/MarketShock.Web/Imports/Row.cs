using System.Globalization;
using MarketShock.Data;
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
        if (CsvNumbers.HasOtherDigits(text))
        {
            Error(Field.Date, $"not a date: {CsvNumbers.OnlyAsciiDigits}");
            return null;
        }
        var date = format.Dates switch
        {
            DateStyle.Compact => Parse(text, "yyyyMMdd"),
            DateStyle.US => Parse(text, "M/d/yyyy"),
            _ => ParseIso(text),
        };
        if (date is null)
            return null;
        if (date < ColumnLimits.FirstDate || date > ColumnLimits.LastDate)
        {
            Error(Field.Date, SupportedDates);
            return null;
        }
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

    public static readonly string SupportedDates =
        $"outside the supported dates, {ColumnLimits.FirstDate:yyyy-MM-dd} to {ColumnLimits.LastDate:yyyy-MM-dd}";

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

    /// <summary>A finite number that the column stores as a positive value; empty, "null" and "N/A" mean missing.</summary>
    public decimal? Positive(Field field, bool required, NumericColumn column)
    {
        var text = Text(field);
        if (IsMissing(text))
        {
            if (required)
                Error(field, "a value is required here");
            return null;
        }
        Span<char> buffer = stackalloc char[64];
        var read = CsvNumbers.Price(Invariant(text, buffer), out var value);
        var stored = read == NumberText.Number ? column.Round(value) : 0;
        var problem = read switch
        {
            NumberText.OtherDigits => $"not a number: {CsvNumbers.OnlyAsciiDigits}",
            NumberText.TooLarge => TooLarge(column),
            NumberText.TooSmall => TooSmall(column),
            NumberText.Number when value <= 0 => "must be greater than zero",
            NumberText.Number when stored == 0 => TooSmall(column),
            NumberText.Number when stored >= column.Limit => TooLarge(column),
            NumberText.Number => null,
            _ => "not a finite number",
        };
        if (problem is null)
            return value;
        Error(field, problem);
        return null;
    }

    public static string TooLarge(NumericColumn column) =>
        string.Create(CultureInfo.InvariantCulture, $"too large to store: must be below {column.Limit:N0}");

    public static string TooSmall(NumericColumn column) =>
        string.Create(CultureInfo.InvariantCulture, $"too small to store: it rounds to zero at {column.Scale} decimals (the smallest is {column.Unit})");

    /// <summary>A whole number, read exactly: "333530240.0" is accepted (some sources write counts as floats), "1.5" is not.</summary>
    public long? Whole(Field field, bool required, bool positive)
    {
        var text = Text(field);
        if (IsMissing(text))
        {
            if (required)
                Error(field, "a value is required here");
            return null;
        }
        var problem = CsvNumbers.Whole(text, out var whole) switch
        {
            NumberText.OtherDigits => $"not a whole number: {CsvNumbers.OnlyAsciiDigits}",
            NumberText.TooLarge => string.Create(CultureInfo.InvariantCulture, $"too large to store: must be at most {long.MaxValue:N0}"),
            NumberText.Number when !positive || whole > 0 => null,
            _ => positive ? "must be a whole number greater than zero" : "must be a whole number of zero or more",
        };
        if (problem is null)
            return whole;
        Error(field, problem);
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

    /// <summary>The text as an invariant number: without Nasdaq.com's dollar sign ($118.42), a decimal comma as a point.</summary>
    private ReadOnlySpan<char> Invariant(ReadOnlySpan<char> text, Span<char> buffer)
    {
        if (text.StartsWith('$'))
            text = text[1..];
        if (!DecimalComma || !text.Contains(',') || text.Length > buffer.Length)
            return text;
        text.CopyTo(buffer);
        buffer = buffer[..text.Length];
        buffer.Replace(',', '.');
        return buffer;
    }

    private string ColumnName(Field field) => format.Columns.TryGetValue(field, out var i) ? format.Header[i] : field.ToString();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex DateShape();

    [GeneratedRegex("^([0-9]{8}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$")]
    private static partial Regex CompactShape();
}
