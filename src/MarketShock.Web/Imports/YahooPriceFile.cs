using System.Globalization;
using System.Text.RegularExpressions;
using Sylvan.Data.Csv;

namespace MarketShock.Imports;

/// <summary>
/// The Yahoo Finance download, <c>Date,Open,High,Low,Close,Adj Close,Volume</c>: headers in any case and
/// order, one ticker per file. Yields the valid rows and records every problem in <see cref="ImportProblems"/>.
/// </summary>
internal sealed partial class YahooPriceFile
{
    public const string FormatName = "yahoo";
    /// <summary>Prices are stored as numeric(19,6).</summary>
    private const decimal MaxPrice = 10_000_000_000_000m;

    private static readonly string[] Columns = ["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"];

    private readonly CsvDataReader _csv;
    private readonly ImportProblems _problems;
    private readonly DateOnly _today;
    private readonly int[] _ordinal = new int[Columns.Length];

    private YahooPriceFile(CsvDataReader csv, ImportProblems problems, DateOnly today)
    {
        _csv = csv;
        _problems = problems;
        _today = today;
    }

    /// <summary>Returns null (with the reason recorded) when the header is not the Yahoo one.</summary>
    public static YahooPriceFile? Open(CsvDataReader csv, ImportProblems problems, DateOnly today)
    {
        var file = new YahooPriceFile(csv, problems, today);
        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToList();
        var duplicate = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            problems.Error(1, duplicate.Key, null, "the column appears more than once, so it is ambiguous which one to read");
            return null;
        }
        for (var c = 0; c < Columns.Length; c++)
        {
            file._ordinal[c] = header.FindIndex(h => h.Equals(Columns[c], StringComparison.OrdinalIgnoreCase));
            if (file._ordinal[c] < 0)
            {
                problems.Error(1, null, string.Join(',', header),
                    $"not a recognised price file: the header lacks '{Columns[c]}' (expected {string.Join(',', Columns)})");
                return null;
            }
        }
        return file;
    }

    public int RowsRead { get; private set; }

    public IEnumerable<PriceRow> Rows(string ticker)
    {
        while (_csv.Read())
        {
            // RowNumber counts records after the header; files here have one record per line.
            var line = _csv.RowNumber + 1;
            if (_csv.RowFieldCount == 1 && _csv.GetFieldSpan(0).IsWhiteSpace())
                continue; // a blank line, typically at the end
            RowsRead++;
            if (_csv.RowFieldCount != _csv.FieldCount)
            {
                _problems.Error(line, null, null, $"expected {_csv.FieldCount} fields, found {_csv.RowFieldCount}");
                continue;
            }
            if (TryRead(line, ticker, out var row))
                yield return row;
        }
    }

    private bool TryRead(int line, string ticker, out PriceRow row)
    {
        row = default;
        var errors = _problems.ErrorCount;
        var dateText = Field(0);
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            _problems.Error(line, "Date", dateText.ToString(), IsDateShaped(dateText)
                ? "no such calendar date"
                : "not a date in the form yyyy-MM-dd");
        else if (date > _today)
            _problems.Error(line, "Date", dateText.ToString(), "the date is in the future");

        if (IsMissingDay())
        {
            _problems.SkipRow(line, $"no prices on {dateText} (a row of null or empty values); skipped");
            return false;
        }
        var open = Price(line, 1, required: false);
        var high = Price(line, 2, required: false);
        var low = Price(line, 3, required: false);
        var close = Price(line, 4, required: true);
        var adjusted = Price(line, 5, required: false);
        var volume = Volume(line);
        if (high < low)
            _problems.Error(line, "High", high.ToString(), $"High is below Low ({low})");
        else if (high is not null && low is not null && (Outside(open, low, high) || Outside(close, low, high)))
            _problems.Warn(line, "Open or Close lies outside the day's Low–High range");

        if (_problems.ErrorCount > errors)
            return false;
        row = new PriceRow(line, ticker, date, open, high, low, close!.Value, adjusted, volume);
        return true;
    }

    private static bool IsDateShaped(ReadOnlySpan<char> text) => DateShape().IsMatch(text);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateShape();

    private static bool Outside(decimal? value, decimal? low, decimal? high) => value < low || value > high;

    private ReadOnlySpan<char> Field(int column) => _csv.GetFieldSpan(_ordinal[column]).Trim();

    private bool IsMissingDay()
    {
        for (var c = 1; c <= 4; c++)
        {
            var field = Field(c);
            if (!field.IsEmpty && !field.Equals("null", StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return true;
    }

    private decimal? Price(int line, int column, bool required)
    {
        var text = Field(column);
        if (text.IsEmpty || text.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            if (required)
                _problems.Error(line, Columns[column], text.ToString(), "a price is required here");
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            _problems.Error(line, Columns[column], text.ToString(), "not a finite number");
        else if (value <= 0)
            _problems.Error(line, Columns[column], text.ToString(), "a price must be greater than zero");
        else if (value >= MaxPrice)
            _problems.Error(line, Columns[column], text.ToString(), $"too large to store: a price must be below {MaxPrice:N0}");
        else
            return value;
        return null;
    }

    private long? Volume(int line)
    {
        var text = Field(6);
        if (text.IsEmpty || text.Equals("null", StringComparison.OrdinalIgnoreCase))
            return null;
        // Some sources write whole volumes as "333530240.0"; a fractional or negative volume is an error.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= 0 && value == decimal.Truncate(value) && value <= long.MaxValue)
            return (long)value;
        _problems.Error(line, "Volume", text.ToString(), "a volume must be a whole number of zero or more");
        return null;
    }
}
