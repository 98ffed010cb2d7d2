namespace MarketShock.Imports;

internal enum Field { Ticker, Period, Date, Open, High, Low, Close, AdjustedClose, Volume, Shares, Ratio, Name, Sector, Industry, Exchange, Currency, Label, Url }

internal enum DateStyle { Iso, Compact, US }

/// <summary>
/// What a file is, read from its header: the kind of data, the known format it matches, where each field
/// is, how many header lines it has, and how its dates are written.
/// </summary>
internal sealed record FileFormat(
    string Name, ImportKind Kind, IReadOnlyDictionary<Field, int> Columns, IReadOnlyList<string> Header, int HeaderLines,
    DateStyle Dates, string? HeaderTicker)
{
    // Header names are matched case-insensitively, trimmed, with Stooq's <angle brackets> removed.
    private static readonly Dictionary<string, Field> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ticker"] = Field.Ticker, ["symbol"] = Field.Ticker, ["per"] = Field.Period,
        ["date"] = Field.Date, ["datetime"] = Field.Date, ["timestamp"] = Field.Date,
        ["open"] = Field.Open, ["high"] = Field.High, ["low"] = Field.Low,
        ["close"] = Field.Close, ["close/last"] = Field.Close,
        ["adj close"] = Field.AdjustedClose, ["adj_close"] = Field.AdjustedClose, ["adjclose"] = Field.AdjustedClose, ["adjusted close"] = Field.AdjustedClose,
        ["volume"] = Field.Volume, ["vol"] = Field.Volume,
        ["shares"] = Field.Shares, ["shares outstanding"] = Field.Shares, ["shares_outstanding"] = Field.Shares,
        ["ratio"] = Field.Ratio, ["split ratio"] = Field.Ratio,
        ["name"] = Field.Name, ["company"] = Field.Name, ["sector"] = Field.Sector, ["industry"] = Field.Industry,
        ["exchange"] = Field.Exchange, ["currency"] = Field.Currency,
        ["label"] = Field.Label, ["event"] = Field.Label, ["url"] = Field.Url, ["link"] = Field.Url,
    };

    private static readonly Dictionary<ImportKind, Field[]> Required = new()
    {
        [ImportKind.Prices] = [Field.Date, Field.Close],
        [ImportKind.Shares] = [Field.Date, Field.Shares],
        [ImportKind.Splits] = [Field.Date, Field.Ratio],
        [ImportKind.Companies] = [Field.Ticker, Field.Name],
        [ImportKind.Events] = [Field.Ticker, Field.Date, Field.Label],
    };

    private const string Expected =
        "expected prices (Date,Open,High,Low,Close,Adj Close,Volume and the Stooq, Nasdaq.com, yfinance and long forms), " +
        "shares (Ticker,Date,Shares), splits (Ticker,Date,Ratio), companies (Ticker,Name,Sector,Industry,Exchange) " +
        "or events (Ticker,Date,Label,Url)";

    public bool Has(Field field) => Columns.ContainsKey(field);

    public int FieldCount => Header.Count;

    /// <summary>Recognises the file from its first records; null, with the reason recorded, when it cannot.</summary>
    public static FileFormat? Detect(IReadOnlyList<string[]> records, ImportKind? kind, ImportProblems problems)
    {
        if (records.Count == 0)
            return Fail(problems, 1, null, "the file has no header line");
        var header = records[0].Select(h => h.Trim().Trim('<', '>').Trim()).ToArray();
        var (headerLines, headerTicker) = YFinanceHeader(header, records);
        if (headerTicker is "")
            return Fail(problems, 2, null, "the file holds several tickers side by side (a yfinance download of many tickers); download one ticker per file");
        if (headerLines == 3)
            header[0] = "Date";

        var columns = new Dictionary<Field, int>();
        for (var i = 0; i < header.Length; i++)
        {
            if (!Aliases.TryGetValue(header[i], out var field))
                continue;
            if (field == Field.Ratio && header[i].Contains(' ', StringComparison.Ordinal) && header.Contains("Close", StringComparer.OrdinalIgnoreCase))
                continue; // a price file's "Split Ratio" column (Quandl) describes the prices; it is not a split list
            if (!columns.TryAdd(field, i))
            {
                problems.Error(1, header[i], null, $"the column '{header[i]}' appears more than once, so it is ambiguous which one to read");
                return null;
            }
        }

        if (UnrecognisedHeader(records[0], header, columns) is { } unrecognised)
            return Fail(problems, 1, unrecognised.Cell, unrecognised.Problem);

        kind ??= Infer(columns);
        if (kind is not { } known)
            return Fail(problems, 1, string.Join(records[0].Length > 1 ? "," : "", records[0]), $"not a recognised file: {Expected}");
        var missing = Required[known].Where(f => !columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            return Fail(problems, 1, string.Join(',', records[0]),
                $"not a {known.ToString().ToLowerInvariant()} file: the header lacks {string.Join(" and ", missing)}; {Expected}");

        var isBulkStooq = records[0].Any(h => h.Trim().StartsWith('<'));
        var isNasdaq = header.Contains("Close/Last", StringComparer.OrdinalIgnoreCase);
        var name = known switch
        {
            ImportKind.Prices when headerLines > 1 => "yfinance",
            ImportKind.Prices when isBulkStooq => "stooq-bulk",
            ImportKind.Prices when isNasdaq => "nasdaq",
            ImportKind.Prices when columns.ContainsKey(Field.Ticker) => "long",
            ImportKind.Prices when columns.ContainsKey(Field.AdjustedClose) => "yahoo",
            ImportKind.Prices when header.Contains("Stock Splits", StringComparer.OrdinalIgnoreCase) => "yfinance-history",
            ImportKind.Prices when header.Length == 6 && columns.Count == 6 && columns.ContainsKey(Field.Volume) => "stooq",
            ImportKind.Prices => "prices",
            _ => known.ToString().ToLowerInvariant(),
        };
        var dates = isBulkStooq ? DateStyle.Compact : isNasdaq ? DateStyle.US : DateStyle.Iso;
        return new FileFormat(name, known, columns, header, headerLines, dates, headerTicker);
    }

    private static readonly string[] TickerHeaders = ["ticker", "symbol"];

    /// <summary>
    /// A header cell that is surely meant as a column but not read as one: with a byte-order mark in it (a file saved twice with
    /// one), or, in a file without a ticker column, a misspelt one (Tikcer), whose file would otherwise take its ticker from
    /// the file name. Other unknown columns (Stooq's &lt;TIME&gt;, yfinance's Dividends) are left unread.
    /// </summary>
    private static (string Cell, string Problem)? UnrecognisedHeader(string[] cells, string[] header, Dictionary<Field, int> columns)
    {
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Contains('\uFEFF', StringComparison.Ordinal))
                return (cells[i], $"the column header '{header[i].Replace("\uFEFF", "", StringComparison.Ordinal)}' is not recognised: "
                    + "it holds a byte-order mark (U+FEFF), as a file saved with one twice does; save it as UTF-8 with one mark or none");
            if (!columns.ContainsKey(Field.Ticker) && !Aliases.ContainsKey(header[i]) && header[i].Length >= 4
                && TickerHeaders.Any(t => Typos.Distance(header[i].ToLowerInvariant(), t) <= 2))
                return (cells[i], $"the column header '{header[i]}' is not recognised: if it is meant as Ticker, spell it Ticker or Symbol "
                    + "(a file without a ticker column takes its ticker from the file name)");
        }
        return null;
    }

    private static readonly Field[] PriceFields = [Field.Close, Field.Open, Field.High, Field.Low, Field.AdjustedClose];

    private static ImportKind? Infer(Dictionary<Field, int> columns) =>
        PriceFields.Any(columns.ContainsKey) ? ImportKind.Prices
        : columns.ContainsKey(Field.Shares) ? ImportKind.Shares
        : columns.ContainsKey(Field.Ratio) ? ImportKind.Splits
        : columns.ContainsKey(Field.Label) ? ImportKind.Events
        : columns.ContainsKey(Field.Name) && !columns.ContainsKey(Field.Date) ? ImportKind.Companies
        : null;

    /// <summary>
    /// yfinance writes a download with three header lines (Price,... / Ticker,... / Date,,,) or, in some
    /// versions, two (Date,Close,... / ,NVDA,NVDA,...). The ticker line names one ticker per column.
    /// </summary>
    private static (int HeaderLines, string? Ticker) YFinanceHeader(string[] header, IReadOnlyList<string[]> records)
    {
        static string First(string[] record) => record.Length > 0 ? record[0].Trim() : "";
        string[] TickerLine(int index) => records.Count > index ? records[index] : [];

        if (header[0].Equals("Price", StringComparison.OrdinalIgnoreCase) && First(TickerLine(1)).Equals("Ticker", StringComparison.OrdinalIgnoreCase)
            && records.Count > 2 && First(records[2]).Equals("Date", StringComparison.OrdinalIgnoreCase))
            return (3, OneTicker(TickerLine(1)));
        if (header[0].Equals("Date", StringComparison.OrdinalIgnoreCase) && records.Count > 1 && First(records[1]).Length == 0
            && records[1].Skip(1).All(t => t.Trim().Length > 0))
            return (2, OneTicker(records[1]));
        return (1, null);
    }

    private static string OneTicker(string[] tickerLine)
    {
        var tickers = tickerLine.Skip(1).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        // Several tickers in one download put different stocks side by side; the caller rejects the empty answer.
        return tickers.Count == 1 ? tickers[0] : "";
    }

    private static FileFormat? Fail(ImportProblems problems, int line, string? value, string message)
    {
        problems.Error(line, null, value, message);
        return null;
    }
}
